"""Sarcasm strung together in one sentence is one finding, and a taunt is not a patient's name."""


def test_two_jibes_in_one_sentence_make_one_finding(linter_patterns):
    text = "Bed manager rang at 4am for a discharge on someone I'd never met. Sure Karen, let me get my magic wand out 🙄"
    found = [f for f in linter_patterns.check(text).findings if f.concern == "hostility"]
    assert len(found) == 1, [(f.rule, f.match) for f in found]
    assert not [f for f in linter_patterns.check(text).findings if f.concern == "patient-identifiability"]


def test_jibes_in_two_sentences_stay_two(linter_patterns):
    text = "Sure Karen, let me get my magic wand out. Must've skipped the med school module on telling the time 🙃"
    found = [f for f in linter_patterns.check(text).findings if f.concern == "hostility"]
    assert len(found) == 2, [(f.rule, f.match) for f in found]
