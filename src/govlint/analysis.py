"""Per-post shared work: text views, words, sentences, identifiers and a memo.

Detectors never re-tokenise or re-normalise a post themselves; they ask the
context, which computes each view once. Results of identical detector specs are
memoised, so a clinical-context lexicon used by five rules scans the post once.
Each view is also case-folded once for the prefilter gates
(:mod:`govlint.prefilter`) that let most patterns skip most posts.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property

from govlint import normalise, prefilter
from govlint.allow import covered
from govlint.lazyre import fixed  # compiled when govlint was built (govlint.regexstore)
from govlint.model import Hit, Identifier, Post

_WORD = fixed(r"[\p{L}\p{N}][\p{L}\p{N}'’_-]*")
_SENT_END = fixed(r"(?<=[.!?…]['’\"”)]?)\s+(?=[\p{Lu}\p{N}@#\"'‘“(])|(?<=\p{Extended_Pictographic}\ufe0f?)\s+(?=\p{Lu}[\p{Ll}\s'’])|\n+|(?<=[.!?])\s*$|\s+[–—-]\s+(?=\p{Lu})|(?<=\S)\s*[;•]\s*")


class PostContext:
    """One post's shared work while its rules run.

    ``model_pending``: the NLP model has not read the post yet, so ``identifiers`` holds only the model-free
    ones. Detectors whose answer could change once the model's identifiers are in (see
    :attr:`govlint.detectors.base.Detector.reads_model`) set ``model_wanted``; :meth:`run` records which
    answers did (``model_tainted``), so the engine runs the model only on posts that want it and, on those,
    reuses every answer the model cannot change.
    """

    def __init__(self, post: Post, identifiers: list[Identifier] | None = None, timeout: float = 1.0,
                 folded: prefilter.Folded | None = None, model_pending: bool = False):
        self.post = post
        self.text = post.text
        # Allow-listed text (config ``allow``, set on the post by the policy): nothing inside it counts.
        self.allowed = post.allowed
        self.identifiers = self._allowed_only(identifiers or [])
        self.timeout = timeout
        self.memo: dict[str, list[Hit]] = {}
        self.model_pending = model_pending
        self.model_wanted = False
        self.model_tainted: set[str] = set()  # (while pending) memo keys whose answer the model could change
        self._shared: dict = {post.text: folded} if folded is not None else {}
        # Views that differ only in case ('Idiot' in the original, 'idiot' in the lexical view) share one.
        self._folds: dict[str, prefilter.Folded] = {folded.text: folded} if folded is not None else {}

    @cached_property
    def folded(self) -> normalise.View:
        return normalise.fold(self.text)

    @cached_property
    def lexical(self) -> normalise.View:
        return normalise.lexical(self.text)

    @cached_property
    def leet(self) -> normalise.View:
        return normalise.deleet(self.lexical)

    def view(self, name: str) -> normalise.View | None:
        """The post's view called ``name`` ('folded', 'lexical', 'leet'); None for 'original' (the text itself)."""
        if name == "original":
            return None
        if name == "leet":
            return self.leet
        return self.lexical if name == "lexical" else self.folded

    def view_text(self, name: str) -> str:
        """The text of the post's view called ``name`` ('original': the post's own text)."""
        view = self.view(name)
        return self.text if view is None else view.text

    @cached_property
    def _word_starts(self) -> list[int]:
        return [m.start() for m in _WORD.finditer(self.text)]

    def word_index(self, offset: int) -> int:
        return bisect_right(self._word_starts, offset)

    def words_between(self, a: Hit, b: Hit) -> int:
        """Words separating two hits (0 if they overlap or touch)."""
        if a.start > b.start:
            a, b = b, a
        if b.start < a.end:
            return 0
        return max(0, self.word_index(b.start) - self.word_index(a.end))

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        spans = []
        pos = 0
        for m in _SENT_END.finditer(self.text):
            if m.start() > pos:
                spans.append((pos, m.start()))
            pos = m.end()
        if pos < len(self.text):
            spans.append((pos, len(self.text)))
        return spans or [(0, len(self.text))]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= offset < e:
                return s, e
        return self.sentences[-1]

    def admits(self, gate, text: str) -> bool:
        """False when ``gate`` proves a pattern cannot match ``text`` (one of this post's views)."""
        if gate is None:
            return True
        return gate.admits(self.prefolded(text))

    def prefolded(self, text: str) -> prefilter.Folded:
        """The prefilter's view of ``text`` (one of this post's views), made once per post."""
        folded = self._shared.get(text)
        if folded is None:
            cf = text.casefold()
            folded = self._folds.get(cf)
            if folded is None:
                folded = self._folds[cf] = prefilter.Folded(text)
            self._shared[text] = folded
        return folded

    def once(self, key, compute):
        """``compute()`` the first time ``key`` is asked for on this post; the same value after that."""
        value = self._shared.get(key, self)
        if value is self:
            value = self._shared[key] = compute()
        return value

    def run(self, detector) -> list[Hit]:
        """Hits of ``detector`` on this post, computed once per distinct spec."""
        key = detector.key
        hits = self.memo.get(key)
        if hits is None:
            if self.model_pending:
                outer, self.model_wanted = self.model_wanted, False
                try:
                    hits = detector.find(self)
                except BaseException:
                    self.model_wanted = True  # (the engine reruns a post whose rule failed)
                    raise
                if self.model_wanted:
                    self.model_tainted.add(key)
                self.model_wanted = self.model_wanted or outer
            else:
                hits = detector.find(self)
            if self.allowed:
                hits = [h for h in hits if not covered(self.text, h.start, h.end, self.allowed)]
            self.memo[key] = hits
        elif self.model_pending and key in self.model_tainted:
            self.model_wanted = True
        return hits

    def _allowed_only(self, identifiers: list[Identifier]) -> list[Identifier]:
        if not self.allowed:
            return identifiers
        return [i for i in identifiers if not covered(self.text, i.start, i.end, self.allowed, loose=True)]

    def model_read(self, identifiers: list[Identifier]) -> None:
        """(After a pending run) the model has read the post: these are all its identifiers. Answers the model
        could change are forgotten; the rest, and every view of the text, are kept for the rules' second run."""
        self.identifiers = self._allowed_only(identifiers)
        for key in self.model_tainted:
            self.memo.pop(key, None)
        self.model_tainted = set()
        self.model_pending = self.model_wanted = False
