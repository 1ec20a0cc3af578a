"""The ``self-identification`` detector: the first claim in a post, and only for an author without a real name."""

from __future__ import annotations

from govlint.analysis import PostContext
from govlint.detectors import REGISTRY, Builder
from govlint.model import Author, Post


def _find(text: str, name: str | None = None):
    det = Builder(REGISTRY).detector({"type": "self-identification", "roles": ["nurse", "GP", "paramedic"]})
    return det.find(PostContext(Post(text=text, author=Author(name=name))))


def test_the_first_claim_is_the_hit():
    text = "Speaking as a GP, and as a nurse before that: paramedic here too."
    hits = _find(text)
    assert len(hits) == 1
    assert text[hits[0].start:hits[0].end] == "Speaking as a GP" and dict(hits[0].details)["role"] == "GP"


def test_no_claim_or_a_real_name_is_no_hit():
    assert _find("The GP surgery was shut") == []
    assert _find("As a nurse, I'd say no", name="Priya Shah") == []
    assert _find("As a nurse, I'd say no", name="NightShiftMedic") != []


def test_a_role_word_that_only_qualifies_another_job_is_no_claim():
    # 'GP' in 'GP receptionist' or 'GP nurse' names where someone works, not what they are
    assert _find("I've been a GP receptionist for 12 years and the phones are worse than ever") == []
    assert _find("As a GP practice nurse I see this every week") != []  # the nurse claim still counts
    hits = _find("As a GP practice nurse I see this every week")
    assert dict(hits[0].details)["role"] == "nurse"
    assert _find("As a GP, I see this every week") != []


def test_a_self_description_is_a_claim():
    # the detector, not each rule, knows 'Doctor by day' and 'Off-duty nurse,' describe the author
    assert _find("Nurse by day, terrible baker by night.") != []
    assert _find("Off-duty paramedic, on-duty football fan.") != []
    assert _find("The nurse by the window was lovely") == []


def test_a_pseudonym_in_capitals_is_not_a_real_name():
    from govlint.detectors.selfid import has_real_name
    from govlint.model import Author

    for name in ("The Secret Registrar", "Doc in the Dark", "Sister Anonymous", "The Tired Physio", "NightShiftNurse",
                 "Ward 9 Royal Sussex County", "Northern PA 🩺 (physician associate, views mine)", "Tired ACP", "PA Wanderer",
                 "Dr Gas 💉", "Dr Bones", "Sister Sunshine", "Midwife Mummy", "Acute Med PA 🩺", "Ortho Reg"):  # a ward nickname where a surname would be
        assert not has_real_name(Author(name=name)), name
    for name in ("Dr Louise Farrant", "Leonardo da Vinci", "Nurse Hannah Price", "Sister Jane Okafor", "Mary-Jane O’Hara",
                 "Prof Chris Whitty", "Ahmed bin Salem", "Ravi Chandra PA", "Meg Hollis RM", "Hannah Okafor RD 🥕", "Md Abdul Karim",
                 "Dr Shah", "Dr Adeyemi", "Ed Sheeran", "Dr Ed Hughes"):  # 'Ed' is a name, not the department
        assert has_real_name(Author(name=name)), name


def test_a_role_or_pronouns_after_the_name_do_not_hide_it():
    from govlint.detectors.selfid import has_real_name
    from govlint.model import Author

    for name in ("Dr Josh Patel (Medical Registrar)", "Amy Lee | GP partner", "Sam Jones, RN", "Jo Bloggs - physio",
                 "Priya Shah (she/her)", "Tom Reid [views my own]"):
        assert has_real_name(Author(name=name)), name
    # ... but what comes before them still has to be a name
    for name in ("The Secret Registrar (anon)", "Sam (The Tired Medic)", "Tired Medic | Dr", "(Dr Josh Patel)"):
        assert not has_real_name(Author(name=name)), name


def test_a_plural_role_opening_a_post_addresses_a_group_rather_than_claiming_it():
    from govlint.api import Linter
    from govlint.config import Settings

    lint = Linter(Settings(nlp_model=None))
    anon = {"handle": "@gasman_grumbles", "name": "Grumpy Gas"}
    fired = {f.rule for f in lint.check("Surgeons: can't count swabs, can't stop talking about their Strava. Day 3 of "
                                        "the list overrunning.", author=anon, profession="doctor").findings}
    assert "GMC-NAME-02" in fired  # not read as 'I'm a surgeon', so the anonymous-doctor check still applies
    fired = {f.rule for f in lint.check("Surgeon here: antibiotics before every operation are overused.", author=anon,
                                        profession="doctor").findings}
    assert "GMC-NAME-01" in fired
