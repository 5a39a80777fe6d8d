"""Eligibility from a real nbgrader gradebook: thresholds, manual grading, edge cases."""

from __future__ import annotations

import pytest
from certhelpers import LEARNERS, put_roster

from promtour.certificates import check, evaluate
from promtour.course import MODULES
from promtour.passport.template import parts_of

A = [m.assignment for m in MODULES]
ROSTER = {le.learner_id: le for le in LEARNERS}
PASSPORT = [f"модуль {m.number}, паспорт «{' · '.join(p.title for p in parts_of(m.key))}»" for m in MODULES]


def decide(cfg, gb, learner_id="s001"):
    return {d.learner_id: d for d in evaluate(cfg, ROSTER, gb.url)}[learner_id]


def test_all_modules_passed(cfg, gradebook):
    gradebook.complete("s001", 80.0)
    d = decide(cfg, gradebook)
    assert d.eligible and d.overall == pytest.approx(80.0) and not d.distinction
    assert [m.percent for m in d.modules] == pytest.approx([80.0] * 6)


def test_exactly_at_pass_marks_counts(cfg, gradebook):
    # module pass 60, overall pass 70: 60 + 5 x 72 = 420 / 6 = 70 exactly
    gradebook.complete("s001", {A[0]: 60.0, **{a: 72.0 for a in A[1:]}})
    d = decide(cfg, gradebook)
    assert d.eligible, d.reasons
    assert d.overall == pytest.approx(70.0)


def test_just_below_module_pass_mark(cfg, gradebook):
    gradebook.complete("s001", {A[2]: 59.9})
    d = decide(cfg, gradebook)
    assert not d.eligible
    assert d.reasons == [f"{PASSPORT[2]}: 59 % — ниже проходного 60 %", "модуль 3: 59 % — ниже проходного 60 %"]


def test_overall_below_pass_even_if_every_module_passes(cfg, gradebook):
    gradebook.complete("s001", 65.0)
    d = decide(cfg, gradebook)
    assert not d.eligible and d.reasons == ["итог 65 % — ниже проходного 70 %"]


def test_manual_grading_pending(cfg, gradebook):
    gradebook.complete("s001", 100.0)
    gradebook.submit("s002", A[0], 100.0, manual="pending")
    for a in A[1:]:
        gradebook.submit("s002", a, 100.0)
    gradebook.defend("s002")
    d = decide(cfg, gradebook, "s002")
    assert not d.eligible and d.reasons == [f"{PASSPORT[0]}: ждёт ручной проверки", "модуль 1: ждёт ручной проверки"]
    assert d.overall is None


def test_never_autograded(cfg, gradebook):
    for a in A[:-1]:
        gradebook.submit("s001", a, 100.0)
    gradebook.submit("s001", A[-1], None, manual="ungraded")
    gradebook.defend("s001")
    d = decide(cfg, gradebook)
    assert d.reasons == [f"{PASSPORT[5]}: не проверен", "модуль 6: задание не проверено (нет оценок автопроверки)"]


def test_missing_submission(cfg, gradebook):
    for a in A[:-1]:
        gradebook.submit("s001", a, 100.0)
    gradebook.defend("s001")
    d = decide(cfg, gradebook)
    assert d.reasons == [f"{PASSPORT[5]}: раздел не сдан", "модуль 6: задание не сдано"]


def test_assignment_missing_from_gradebook(cfg, gradebook):
    gradebook.complete("s001", 100.0)
    with gradebook.open() as gb:
        gb.remove_assignment(A[4])
    d = decide(cfg, gradebook)
    assert d.reasons == [f"{PASSPORT[4]}: раздел не сдан", f"модуль 5: задания {A[4]} нет в журнале оценок"]


def test_distinction_band_and_disabled(cfg, gradebook):
    gradebook.complete("s001", 90.0)
    gradebook.complete("s002", 89.9)
    ds = {d.learner_id: d for d in evaluate(cfg, ROSTER, gradebook.url)}
    assert ds["s001"].distinction and not ds["s002"].distinction
    no_band = cfg.replace(distinction=None)
    assert not decide(no_band, gradebook).distinction


def test_late_penalty_is_subtracted(cfg, gradebook):
    for a in A:
        gradebook.submit("s001", a, 70.0, penalty=2.0 if a == A[0] else 0.0)  # 7 - 2 of 10
    d = decide(cfg, gradebook)
    assert d.modules[0].percent == pytest.approx(50.0)
    assert "модуль 1: 50 % — ниже проходного 60 %" in d.reasons


def test_extra_credit_caps_at_100(cfg, gradebook):
    for a in A:
        gradebook.submit("s001", a, 100.0, extra_credit=3.0)
    gradebook.defend("s001")
    d = decide(cfg, gradebook)
    assert d.eligible and d.overall == pytest.approx(100.0)


def test_per_module_pass_mark_from_config(cfg, gradebook):
    gradebook.complete("s001", {A[3]: 62.0, **{a: 90.0 for a in A if a != A[3]}})
    assert decide(cfg, gradebook).eligible
    strict = cfg.replace(pass_marks={**cfg.pass_marks, A[3]: 65.0})
    assert decide(strict, gradebook).reasons == ["модуль 4: 62 % — ниже проходного 65 %"]


def test_roster_and_gradebook_mismatch(cfg, gradebook):
    gradebook.complete("s001", 80.0)
    gradebook.complete("x999", 80.0)  # graded, but not on the roster: no full name
    ds = {d.learner_id: d for d in evaluate(cfg, {"s001": ROSTER["s001"], "s002": ROSTER["s002"]}, gradebook.url)}
    assert ds["s001"].eligible
    assert "нет в журнале оценок" in ds["s002"].reasons
    assert ds["x999"].reasons[0].startswith("нет в списке слушателей")


def test_bulk_scores_match_nbgrader_per_submission_api(cfg, gradebook):
    """The bulk query agrees with gb.find_submission(...).score / .max_score."""
    gradebook.complete("s001", {A[0]: 73.0, A[1]: 61.5, A[2]: 100.0, A[3]: 88.0, A[4]: 90.0, A[5]: 66.6})
    d = decide(cfg, gradebook)
    with gradebook.open() as gb:
        for m in d.modules:
            sub = gb.find_submission(m.assignment, "s001")
            assert m.percent == pytest.approx(sub.score / sub.max_score * 100)
            assert not sub.needs_manual_grade


def test_check_dry_run_lists_who_and_why(course):
    rep = check(course.cfg, course.url)
    assert [d.learner_id for d in rep.eligible] == ["s001", "s002", "s003"]
    assert [(d.learner_id, d.reasons) for d in rep.not_eligible] == [
        ("s004", [f"{PASSPORT[5]}: раздел не сдан", "модуль 6: задание не сдано"])
    ]
    assert [d.learner_id for d in rep.eligible if d.distinction] == ["s003"]
    assert not course.cfg.issued_dir.exists()  # a dry run writes nothing


def test_check_needs_a_roster(keyed_cfg, gradebook):
    from promtour.certificates import CertificateError

    with pytest.raises(CertificateError, match="Список слушателей пуст"):
        check(keyed_cfg, gradebook.url)
    put_roster(keyed_cfg)
    assert len(check(keyed_cfg, gradebook.url).decisions) == 4


def test_coder_without_passport_is_refused_for_it(cfg, gradebook):
    """Does perfect code with blank passport sections fail every section, whatever the totals say?"""
    gradebook.complete("s001", 100.0, passport=0.0)
    d = decide(cfg, gradebook)
    assert not d.eligible
    assert [r for r in d.reasons if "паспорт" in r] == [f"{p}: 0 % — ниже проходного 60 %" for p in PASSPORT]
    assert d.passport == {m.key: 0.0 for m in MODULES}


def test_one_weak_section_is_named(cfg, gradebook):
    """Is a single passport section below its mark named, with its module and title?"""
    for a in A:
        gradebook.submit("s001", a, 100.0, passport=50.0 if a == A[3] else 100.0)
    gradebook.defend("s001")
    d = decide(cfg, gradebook)
    assert d.reasons == [f"{PASSPORT[3]}: 50 % — ниже проходного 60 %"]
    stricter = cfg.replace(passport_marks={**cfg.passport_marks, "m04": 40.0})
    assert decide(stricter, gradebook).eligible


def test_defence_is_required_and_graded(cfg, gradebook):
    """Is a learner without a recorded defence refused, and one below the defence mark too?"""
    gradebook.complete("s001", 100.0, defence=None)
    assert decide(cfg, gradebook).reasons == [
        "нет защиты паспорта продукта (тренер записывает её: promtour passport defend)"
    ]
    gradebook.defend("s001", 50.0)
    assert decide(cfg, gradebook).reasons == ["защита паспорта: 50 % — ниже проходного 60 %"]
    gradebook.defend("s001", 100.0)  # a second record replaces the first
    d = decide(cfg, gradebook)
    assert d.eligible and d.defence == pytest.approx(100.0) and d.product == "«Сталь рождается здесь»"
