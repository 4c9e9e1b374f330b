"""Routing on unseen messages: first turn, within two turns, and what goes wrong."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from evaluation.stack import chat
from knowledge.taxonomy import OUT_OF_SCOPE, load_taxonomy

PREAMBLE = """# NLU quality report

Written by `make nlu-eval`: every message of the blind set (`tests/data/blind/`) sent as a
new conversation to `/api/chat` on the real stack (Rasa engine, action server, gateway).
The blind set was written by two helpers who never saw `data/nlu/`, briefed only with the
need descriptions, and committed before any tuning; it is never trained on, and was not used
to choose between variants (that is `tests/data/dev/`, through `scripts/nlu_dev.py`).

- *First time*: the reply was about the expected need.
- *Within two turns*: right first time, or the expected need was one of the reply's buttons
  (the clarifying question's choices, or the runner-up offered beside an answer) and
  pressing it routed the resident there.
- *Not understood*: the reply was "Sorry, I did not understand".
- *Out of scope*: writers count greetings, thanks and "are you a real person?" as out of scope. The
  assistant answers those as conversation, with what it can help with and a button for the
  topics, which is what the out-of-scope answer gives. Both counts are shown: the strict one
  (the out-of-scope answer itself) and told what the assistant can help with either way.

`make test` runs the same measurement and fails under a first-turn floor of 0.85, to catch
regressions. The goals are higher: 92% first time, 97% within two turns, at most 3% of
in-scope messages not understood.

"""
NOT_UNDERSTOOD = "did not understand"
SHOW_TOPICS = "show_topics"  # the button that lists what the assistant can help with


@dataclass(frozen=True)
class RoutingOutcome:
    text: str
    expected: str
    first: str | None  # the need the first reply was about (None: not routed)
    offered: tuple[str, ...] = ()  # needs offered as buttons (choices, or a runner-up)
    not_understood: bool = False
    second: str | None = None  # the need after choosing the right offer, if offered

    @property
    def right_first(self) -> bool:
        return self.first == self.expected

    @property
    def right_within_two(self) -> bool:
        return self.right_first or self.second == self.expected

    @property
    def small_talk(self) -> bool:
        """Answered as conversation ("hello", "thanks", "I am a computer"): no need, no refusal, no
        choice of needs. How the greetings and "are you a robot?" that writers count as
        out of scope are answered."""
        needs = set(load_taxonomy().need_ids)
        return not (self.first or self.not_understood or needs.intersection(self.offered))

    @property
    def told_what_we_help_with(self) -> bool:
        """The out-of-scope answer, or a greeting, thanks or "I am a computer" reply that lists
        the topics too: what the issue asks an out-of-scope message to get."""
        return self.first == OUT_OF_SCOPE or (self.small_talk and SHOW_TOPICS in self.offered)


def judge_through_chat(
    client: httpx.Client, pairs: Iterable[tuple[str, str]]
) -> list[RoutingOutcome]:
    outcomes = []
    for text, expected in pairs:
        body = chat(client, text)
        first = body.get("need")
        # Needs offered as buttons: the clarifying question's choices when unsure, or
        # the runner-up beside an answer.
        offered = tuple(
            button["payload"][1:]
            for reply in body["replies"]
            for button in reply.get("buttons") or []
            if button["payload"].startswith("/") and "{" not in button["payload"]
        )
        second = None
        if first != expected and expected in offered:
            second = chat(client, f"/{expected}", body["session_id"]).get("need")
        not_understood = first is None and any(
            NOT_UNDERSTOOD in reply["text"] for reply in body["replies"]
        )
        outcomes.append(RoutingOutcome(text, expected, first, offered, not_understood, second))
    return outcomes


@dataclass(frozen=True)
class RoutingFigures:
    total: int
    first_turn: float
    within_two: float
    not_understood_in_scope: float
    out_of_scope_right: tuple[int, int]
    out_of_scope_small_talk: int  # answered as conversation instead (hello, thanks, a computer)
    out_of_scope_told_topics: int  # either way, told what the assistant can help with
    by_need: dict[str, tuple[int, int]]  # right first time, total
    confusions: list[tuple[tuple[str, str], int]]
    misses: list[RoutingOutcome]


def figures(outcomes: list[RoutingOutcome]) -> RoutingFigures:
    in_scope = [o for o in outcomes if o.expected != OUT_OF_SCOPE]
    out_of_scope = [o for o in outcomes if o.expected == OUT_OF_SCOPE]
    by_need: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        by_need[o.expected].append(o.right_first)
    confusions = Counter(
        (o.expected, o.first or "(asked or not understood)") for o in outcomes if not o.right_first
    )
    n = max(len(outcomes), 1)
    return RoutingFigures(
        total=len(outcomes),
        first_turn=sum(o.right_first for o in outcomes) / n,
        within_two=sum(o.right_within_two for o in outcomes) / n,
        not_understood_in_scope=sum(o.not_understood for o in in_scope) / max(len(in_scope), 1),
        out_of_scope_right=(sum(o.right_first for o in out_of_scope), len(out_of_scope)),
        out_of_scope_small_talk=sum(o.small_talk for o in out_of_scope),
        out_of_scope_told_topics=sum(o.told_what_we_help_with for o in out_of_scope),
        by_need={k: (sum(v), len(v)) for k, v in sorted(by_need.items())},
        confusions=confusions.most_common(12),
        misses=[o for o in outcomes if not o.right_first],
    )


def report(f: RoutingFigures, title: str) -> str:
    oos_right, oos_total = f.out_of_scope_right
    lines = [
        f"## {title}",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| messages | {f.total} |",
        f"| routed to the right need first time | **{f.first_turn:.1%}** |",
        f"| right within two turns (the right need offered as a choice) | **{f.within_two:.1%}** |",
        f"| in-scope messages not understood | **{f.not_understood_in_scope:.1%}** |",
        f"| out-of-scope messages answered as out of scope | {oos_right} of {oos_total} |",
        f"| out-of-scope messages answered as conversation (hello, thanks, I am a computer) "
        f"| {f.out_of_scope_small_talk} of {oos_total} |",
        f"| out-of-scope messages told what the assistant can help with, either way "
        f"| {f.out_of_scope_told_topics} of {oos_total} |",
        "",
        "| need | right first time | of |",
        "|---|---|---|",
    ]
    lines += [f"| {need} | {right} | {total} |" for need, (right, total) in f.by_need.items()]
    lines += ["", "Top confusions (expected → got):", ""]
    lines += [f"- {a} → {b}: {times}" for (a, b), times in f.confusions]
    lines += ["", f"Every message not routed right first time ({len(f.misses)}):", ""]
    for o in f.misses:
        lines.append(f"- [{o.expected} → {_what_it_got(o)}] {o.text}")
    return "\n".join(lines) + "\n"


def _what_it_got(o: RoutingOutcome) -> str:
    if o.first:
        beside = f", {o.expected} offered beside it" if o.right_within_two else ""
        return o.first + beside
    if o.offered:
        return "offered " + ", ".join(o.offered)
    # "ok thanks" answered "you're welcome" is conversation, not a failure to understand.
    return "not understood" if o.not_understood else "answered as conversation"
