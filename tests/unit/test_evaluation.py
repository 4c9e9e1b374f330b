"""How the routing evaluation judges a reply (evaluation/nlu.py)."""

from __future__ import annotations

from evaluation.nlu import RoutingOutcome, figures, report


def test_small_talk_is_told_apart_from_a_refusal_or_a_choice_of_needs() -> None:
    hello = RoutingOutcome("hiya", "out_of_scope", None, offered=("show_topics",))
    refused = RoutingOutcome("blah", "out_of_scope", None, not_understood=True)
    asked = RoutingOutcome("bills", "out_of_scope", None, offered=("energy_bills", "show_topics"))
    routed = RoutingOutcome("rent", "out_of_scope", "help_with_rent")
    answered = RoutingOutcome("a poem", "out_of_scope", "out_of_scope")
    assert [o.small_talk for o in (hello, refused, asked, routed, answered)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    f = figures([hello, refused, asked, routed, answered])
    assert f.out_of_scope_right == (1, 5)
    assert f.out_of_scope_small_talk == 1


def test_small_talk_tells_the_scope_only_with_the_topics_button() -> None:
    hello = RoutingOutcome("hiya", "out_of_scope", None, offered=("show_topics",))
    bare = RoutingOutcome("are you real", "out_of_scope", None)
    answered = RoutingOutcome("a poem", "out_of_scope", "out_of_scope")
    refused = RoutingOutcome("blah", "out_of_scope", None, not_understood=True)
    routed = RoutingOutcome("rent", "out_of_scope", "help_with_rent", offered=("show_topics",))
    outcomes = (hello, bare, answered, refused, routed)
    assert [o.told_what_we_help_with for o in outcomes] == [True, False, True, False, False]
    assert figures(list(outcomes)).out_of_scope_told_topics == 2


def test_within_two_counts_the_right_need_reached_by_its_button() -> None:
    offered = RoutingOutcome(
        "x", "help_with_rent", None, ("help_with_rent",), second="help_with_rent"
    )
    wrong = RoutingOutcome("x", "help_with_rent", "debt_advice", ("energy_bills",))
    f = figures([offered, wrong])
    assert (f.first_turn, f.within_two) == (0.0, 0.5)


def test_the_report_says_what_each_miss_got() -> None:
    misses = [
        RoutingOutcome("rent", "help_with_rent", "debt_advice"),
        RoutingOutcome(
            "x", "help_with_rent", "debt_advice", ("help_with_rent",), second="help_with_rent"
        ),
        RoutingOutcome("house", "home_repairs", None, ("home_repairs", "show_topics")),
        RoutingOutcome("blah", "benefits_advice", None, not_understood=True),
        RoutingOutcome("ok thanks", "out_of_scope", None),
    ]
    text = report(figures(misses), "t")
    assert "[help_with_rent → debt_advice] rent" in text
    assert "[help_with_rent → debt_advice, help_with_rent offered beside it] x" in text
    assert "[home_repairs → offered home_repairs, show_topics] house" in text
    assert "[benefits_advice → not understood] blah" in text
    assert "[out_of_scope → answered as conversation] ok thanks" in text
