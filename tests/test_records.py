"""Every class made with govlint.records behaves as the dataclass it stands for.

Each is compared with a real dataclass built from its own fields (same names, defaults, factories, compare and
repr flags, frozen or not): the same ``__init__`` binding (positional, keywords, defaults, factories, and the
same errors for missing or unknown arguments), equality, hashing, ``repr``, refusal to be changed when frozen,
``dataclasses.replace`` and pickling.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil

import pytest

import govlint
from govlint import records


def _record_classes() -> list[type]:
    out = []
    for info in pkgutil.walk_packages(govlint.__path__, "govlint."):
        if info.name.startswith(("govlint.web", "govlint.__main__")):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == module.__name__ and "_record_key" in obj.__dict__:
                out.append(obj)
    return sorted(set(out), key=lambda c: (c.__module__, c.__qualname__))


CLASSES = _record_classes()


def test_the_classes_a_check_makes_are_records():
    names = {f"{c.__module__}.{c.__qualname__}" for c in CLASSES}
    for must in ("govlint.model.Finding", "govlint.model.Hit", "govlint.model.Rule", "govlint.model.Post",
                 "govlint.config.Settings", "govlint.engine.PostResult", "govlint.normalise.View"):
        assert must in names


def _reference(cls: type) -> type:
    """The dataclass ``cls`` stands for, made by the standard library from ``cls``'s own fields."""
    spec = []
    for f in dataclasses.fields(cls):
        kw = {"compare": f.compare, "repr": f.repr, "init": f.init}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        spec.append((f.name, f.type, dataclasses.field(**kw)))
    return dataclasses.make_dataclass(cls.__qualname__, spec, frozen=cls.__setattr__ is records._frozen_setattr)


def _required(cls: type) -> dict:
    return {f.name: f"<{f.name}>" for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


def _state(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_a_record_behaves_as_its_dataclass(cls):
    ref = _reference(cls)
    assert dataclasses.is_dataclass(cls) and cls.__doc__ and "dataclass" not in (cls.__doc__ or "")[:12]
    names = [f.name for f in dataclasses.fields(cls)]
    assert names == [f.name for f in dataclasses.fields(ref)]
    if "__init__" in {k for k, v in vars(cls).items() if v is not records._init}:
        # a hand-written __init__: the generated one's signature, with FACTORY where it has <factory>
        mine = [(p.name, "<factory>" if p.default is records.FACTORY else p.default) for p in
                list(inspect.signature(cls.__init__).parameters.values())[1:]]
        theirs = [(p.name, "<factory>" if repr(p.default) == "<factory>" else p.default) for p in
                  list(inspect.signature(ref.__init__).parameters.values())[1:]]
        assert mine == theirs
    req = _required(cls)
    # keywords, defaults and factories
    a, b = cls(**req), ref(**req)
    assert _state(a) == _state(b)
    # positional, in field order
    values = [f"<{n}>" for n in names]
    assert _state(cls(*values)) == _state(ref(*values))
    # the same errors
    for args, kwargs in (([], {}), (values + ["extra"], {}), (values, {"nope": 1}), (values[:1], {names[0]: 1})):
        if not req and not args and not kwargs:
            continue
        err = [None, None]
        for i, maker in enumerate((cls, ref)):
            try:
                maker(*args, **kwargs)
            except TypeError as exc:
                err[i] = str(exc).split("() ", 1)[1]
        assert err[0] == err[1], (args, kwargs)
    # equality, hashing, repr
    assert a == cls(**req) and (a != cls(*values)) == (b != ref(*values))
    assert a != b  # another class, as two dataclasses of different classes
    assert repr(a) == repr(b)
    if cls.__hash__ is None:
        assert ref.__hash__ is None
    else:
        hashable = {k: (v if not isinstance(v, (dict, list)) else None) for k, v in _state(a).items()}
        x, y = cls(**hashable), ref(**hashable)
        compared = [f for f in dataclasses.fields(cls) if f.compare]
        if all(not isinstance(getattr(x, f.name), (dict, list)) for f in compared):
            assert hash(x) == hash(y)
    # frozen or not
    target = names[0]
    if cls.__setattr__ is records._frozen_setattr:
        for obj in (a, b):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(obj, target, 1)
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(obj, target)
    else:
        setattr(a, target, 1)
        assert getattr(a, target) == 1
    # replace and pickle
    c = dataclasses.replace(cls(*values), **{target: "changed"})
    assert type(c) is cls and getattr(c, target) == "changed" and _state(c) == {**_state(cls(*values)), target: "changed"}
    if cls.__module__ != "govlint.detectors.base":  # (the Builder holds a registry of functions)
        assert pickle.loads(pickle.dumps(cls(*values))) == cls(*values)
