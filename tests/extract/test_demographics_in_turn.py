"""A profile of the children a service worked with often lists its categories in turn in
one table: gender rows, then age bands, then ethnicities, under "Number | %". Each run of
one dimension is a distribution of its own; a total beside several dimensions is left
out (the total of which?), never guessed."""

from __future__ import annotations

from pipeline.extract.base import context_from_text, run_extractor
from pipeline.extract.people import DOMAIN, check_distributions

PROFILE = """Children we worked with in 2018/19
Characteristic\tNumber\t%
Male\t142\t81%
Female\t33\t19%
Aged 10-14\t41\t23%
Aged 15-17\t134\t77%
White British\t150\t86%
Black or Black British\t9\t5%
Asian or Asian British\t12\t7%
Mixed\t4\t2%
Total\t175\t100%
"""


def _demographics(text: str):
    context = context_from_text(text, document_id="profile", yot_id="darlington")
    return run_extractor(DOMAIN, context)["demographics"]


def test_categories_in_turn_are_a_distribution_each() -> None:
    output = _demographics(PROFILE)
    frame = output.frame
    got = {(r.dimension, r.category, r.unit): (r.value, r.source_line)
           for r in frame.itertuples()}
    assert got[("gender", "male", "count")] == (142, 3)
    assert got[("age_band", "15-17", "percent")] == (77, 6)
    assert got[("ethnicity", "mixed", "count")] == (4, 10)
    assert len(frame) == 16 and set(frame["subject_type"]) == {"yot"}
    assert 11 not in set(frame["source_line"])  # the total: of which dimension?
    assert any(i.source_line == 11 for i in output.issues)
    assert check_distributions(frame) == []  # each dimension sums to 100 on its own


def test_a_label_of_no_known_category_breaks_the_turns() -> None:
    text = PROFILE.replace("Mixed\t4\t2%", "Looked after\t4\t2%")
    assert _demographics(text).frame.empty
