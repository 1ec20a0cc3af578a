"""Value classes that cost nothing to define: dataclasses whose methods are written once, here.

``@dataclass(frozen=True)`` writes the source of each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` and compiles it while its module is imported: about 0.6 ms
a class on a 2-core machine, a tenth of a one-draft ``--no-nlp`` start for the classes a check imports.
:func:`frozen` and :func:`mutable` make the same dataclasses (``fields``, ``replace``, ``asdict`` and pickle
work; equality, hashing and ``repr`` behave as the generated methods do; a frozen one refuses assignment with
``FrozenInstanceError``) from the methods below, compiled once with this module. A class may write its own
``__init__`` (the ones made for every post do: binding arguments generically costs more per instance);
otherwise it gets :func:`_init`, which binds arguments as a dataclass's ``__init__`` does.
``tests/test_records.py`` holds every such class to the dataclass it stands for.
"""

from __future__ import annotations

import reprlib
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter

__all__ = ["FACTORY", "frozen", "mutable"]

_set = object.__setattr__


class _Factory:
    """The default a hand-written ``__init__`` gives a field with a ``default_factory``: 'make a new one'."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


FACTORY = _Factory()


def frozen(cls: type) -> type:
    """``@dataclass(frozen=True)``, without generated methods."""
    return _record(cls, True)


def mutable(cls: type) -> type:
    """``@dataclass``, without generated methods."""
    return _record(cls, False)


def _record(cls: type, is_frozen: bool) -> type:
    own_init = "__init__" in cls.__dict__
    cls = dataclass(init=False, repr=False, eq=False)(cls)  # fields only: nothing is generated
    fs = fields(cls)
    compared = tuple(f.name for f in fs if f.compare)
    cls._record_key = staticmethod(_getter(compared))  # type: ignore[attr-defined]
    cls._record_repr = tuple(f.name for f in fs if f.repr)  # type: ignore[attr-defined]
    if not own_init:
        cls._record_init = tuple((f.name, f.default, f.default_factory) for f in fs if f.init)  # type: ignore[attr-defined]
        cls.__init__ = _init  # type: ignore[misc]
    cls.__repr__ = _repr  # type: ignore[assignment]
    cls.__eq__ = _eq  # type: ignore[assignment]
    if is_frozen:
        cls.__hash__ = _hash  # type: ignore[assignment]
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
    else:
        cls.__hash__ = None  # type: ignore[assignment]  # as a dataclass with eq and not frozen: unhashable
    return cls


def _getter(names: tuple[str, ...]):
    """self -> the tuple of these attributes (what the generated __eq__ and __hash__ compare)."""
    if not names:
        return lambda self: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return attrgetter(*names)


def _init(self, *args, **kwargs) -> None:
    """A dataclass's ``__init__``: positional arguments in field order, then keywords, then defaults; the same
    errors as a generated one for too many, missing, repeated or unknown arguments."""
    spec = type(self)._record_init
    name_of = type(self).__qualname__
    if len(args) > len(spec):
        least = 1 + sum(default is MISSING and factory is MISSING for _, default, factory in spec)
        takes = f"{least}" if least == len(spec) + 1 else f"from {least} to {len(spec) + 1}"
        raise TypeError(f"{name_of}.__init__() takes {takes} positional arguments but {len(args) + 1} were given")
    values = []
    missing = []
    for i, (name, default, factory) in enumerate(spec):
        if i < len(args):
            if name in kwargs:
                raise TypeError(f"{name_of}.__init__() got multiple values for argument '{name}'")
            values.append(args[i])
        elif name in kwargs:
            values.append(kwargs.pop(name))
        elif default is not MISSING:
            values.append(default)
        elif factory is not MISSING:
            values.append(factory())
        else:
            missing.append(name)
    if missing:
        quoted = [f"'{n}'" for n in missing]
        listed = quoted[0] if len(quoted) == 1 else (" and ".join(quoted) if len(quoted) == 2
                                                      else ", ".join(quoted[:-1]) + ", and " + quoted[-1])
        raise TypeError(f"{name_of}.__init__() missing {len(missing)} required positional "
                        f"argument{'s' if len(missing) > 1 else ''}: {listed}")
    if kwargs:
        raise TypeError(f"{name_of}.__init__() got an unexpected keyword argument '{next(iter(kwargs))}'")
    for (name, _, _), value in zip(spec, values):
        _set(self, name, value)  # (a frozen class refuses setattr: this is what its generated __init__ does too)


@reprlib.recursive_repr()
def _repr(self) -> str:
    get = self.__getattribute__
    return f"{self.__class__.__qualname__}(" + ", ".join(f"{n}={get(n)!r}" for n in self._record_repr) + ")"


def _eq(self, other):
    if other.__class__ is self.__class__:
        return self._record_key(self) == other._record_key(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(self._record_key(self))


def _frozen_setattr(self, name: str, value) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
