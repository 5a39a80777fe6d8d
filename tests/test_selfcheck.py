"""The lesson self-check engine: not attempted vs wrong vs right, hints, solutions."""

from promtour.selfcheck import Exercise, ____, bind, equals, function, number, selftest

GROWTH = Exercise(
    var="growth",
    title="Рост",
    checker=number(2.5, rel=0.01),
    hints=["Поделите новое на старое.", "2.0 / 0.8"],
    solution="growth = 2.0 / 0.8",
    wrong="growth = 0.8 / 2.0",
)
DOUBLE = Exercise(
    var="double",
    title="Удвоение",
    checker=function([((2,), 4), ((-1,), -2)]),
    hints=["x * 2"],
    solution="def double(x):\n    return 2 * x",
)


def test_placeholder_and_missing_are_unattempted():
    """Does a learner who has not answered see «not attempted» rather than «wrong»?"""
    assert GROWTH.evaluate({"growth": ____}).status == "unattempted"
    assert GROWTH.evaluate({}).status == "unattempted"


def test_wrong_answer_names_the_learners_value():
    """Does a wrong answer show the learner's value and hide the expected one?"""
    out = GROWTH.evaluate({"growth": 0.4})
    assert out.status == "incorrect"
    assert "0.4" in out.message and "2.5" not in out.message


def test_percent_instead_of_share_is_explained():
    """Is a value 100 times too large recognised as percent instead of a share?"""
    out = Exercise("s", "доля", number(0.25), [], "").evaluate({"s": 25})
    assert out.status == "incorrect" and "процент" in out.message


def test_function_stubs_are_unattempted():
    """Are `pass` bodies and `raise NotImplementedError` treated as not attempted?"""

    def stub(x):
        pass

    def todo(x):
        raise NotImplementedError

    assert DOUBLE.evaluate({"double": stub}).status == "unattempted"
    assert DOUBLE.evaluate({"double": todo}).status == "unattempted"


def test_function_without_return_gets_a_hint():
    """Does a function that forgets `return` hear about it?"""

    def no_return(x):
        y = 2 * x  # noqa: F841

    out = DOUBLE.evaluate({"double": no_return})
    assert out.status == "incorrect" and "return" in out.message


def test_function_that_crashes_reports_the_error():
    """Does an exception in the learner's function become feedback, not a crash?"""
    out = DOUBLE.evaluate({"double": lambda x: 1 / 0})
    assert out.status == "incorrect" and "ZeroDivisionError" in out.message


def test_right_answers_pass():
    """Are correct values and functions accepted?"""
    assert GROWTH.evaluate({"growth": 2.5}).status == "correct"
    assert DOUBLE.evaluate({"double": lambda x: x + x}).status == "correct"
    assert Exercise("t", "t", equals(["a", "b"]), [], "").evaluate({"t": ["a", "b"]}).status == "correct"


def test_hints_are_tiered(capsys, monkeypatch):
    """Does hint() reveal hints one by one and hint(n) a chosen one?"""
    shown = []
    monkeypatch.setattr("promtour.selfcheck._show_markdown", shown.append)
    ns = {}
    bound = bind("m01", ns)
    if not bound:  # module 1 may have no exercises in a partial checkout; bind a local one
        from promtour.selfcheck import BoundExercise

        bound = [BoundExercise(1, GROWTH, ns)]
    q = bound[0]
    q.hint()
    q.hint()
    assert "Подсказка 1" in shown[0] and "Подсказка 2" in shown[1]
    q.hint(99)
    assert "подсказок" in capsys.readouterr().out
    q.solution()
    assert "```python" in shown[-1]


def test_selftest_reports_each_exercise(capsys):
    """Does selftest run each exercise's solution and wrong answer in the lesson namespace?"""
    from promtour.selfcheck import BoundExercise

    ns = {"q1": BoundExercise(1, GROWTH, {}), "growth": ____}
    ns["q1"].namespace = ns
    (row,) = selftest(ns)
    assert (row["shipped"], row["solution"], row["wrong"]) == ("unattempted", "correct", "incorrect")


def test_docstring_only_function_is_unattempted():
    """Is a stub that keeps its docstring (as lessons ship it) still «not attempted»?"""

    def stub(x):
        """Return twice x."""

    assert DOUBLE.evaluate({"double": stub}).status == "unattempted"
