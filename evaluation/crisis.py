"""Recall per danger category and false alarms per kind of near-miss."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx

from evaluation.sets import CrisisCase
from evaluation.stack import chat

PREAMBLE = """# Crisis report

Written by `make crisis-report`: every message of the blind crisis set
(`tests/data/crisis_blind/`) sent as a new conversation to `/api/chat` on the real stack, so
all three layers count (phrases, classifier, and the Rasa model's crisis intent). The set was
written by two helpers who never saw the phrases or any training data, from the category
descriptions in `knowledge/taxonomy/crisis.yml`, and committed before any tuning. Choices
(the classifier's settings and threshold, the calm context) were made on
`tests/data/dev/crisis/` (`make crisis-report DEV=1 LAYERS=1`).

- *Recall*: danger-to-life messages given the emergency reply.
- *False alarms*: near-misses (danger told as past, recovery, questions about services,
  idioms, objects, low mood, non-urgent worries) given the emergency reply.

"""


@dataclass(frozen=True)
class CrisisOutcome:
    case: CrisisCase
    emergency: bool
    need: str | None = None  # what a calm reply was about (through /api/chat only)


def judge_with_detector(cases: Iterable[CrisisCase]) -> list[CrisisOutcome]:
    """The gateway's own layers (phrases and classifier), as when the engine is down."""
    from knowledge.crisis import get_crisis_detector

    detector = get_crisis_detector()
    return [CrisisOutcome(c, detector.assess(c.text).in_danger) for c in cases]


def judge_through_chat(client: httpx.Client, cases: Iterable[CrisisCase]) -> list[CrisisOutcome]:
    """Every layer, as a resident meets them: one new conversation per message."""
    outcomes = []
    for case in cases:
        body = chat(client, case.text)
        outcomes.append(CrisisOutcome(case, bool(body["crisis"]), body.get("need")))
    return outcomes


@dataclass(frozen=True)
class CrisisFigures:
    recall: float
    false_alarms: float
    recall_by_category: dict[str, tuple[int, int]]  # caught, total
    alarms_by_kind: dict[str, tuple[int, int]]  # false alarms, total
    near_misses_answered: tuple[int, int] | None  # given a need rather than "not understood"
    misses: list[CrisisCase]
    false_alarm_cases: list[CrisisCase]


def figures(outcomes: list[CrisisOutcome], *, with_needs: bool) -> CrisisFigures:
    by_category: dict[str, list[bool]] = defaultdict(list)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        (by_category if o.case.danger else by_kind)[o.case.kind].append(o.emergency)
    danger = [o for o in outcomes if o.case.danger]
    calm = [o for o in outcomes if not o.case.danger]
    answered = None
    if with_needs:
        answered = (sum(1 for o in calm if not o.emergency and o.need), len(calm))
    return CrisisFigures(
        recall=sum(o.emergency for o in danger) / max(len(danger), 1),
        false_alarms=sum(o.emergency for o in calm) / max(len(calm), 1),
        recall_by_category={k: (sum(v), len(v)) for k, v in by_category.items()},
        alarms_by_kind={k: (sum(v), len(v)) for k, v in by_kind.items()},
        near_misses_answered=answered,
        misses=[o.case for o in danger if not o.emergency],
        false_alarm_cases=[o.case for o in calm if o.emergency],
    )


def report(f: CrisisFigures, title: str) -> str:
    lines = [
        f"## {title}",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| danger to life given the emergency reply (recall) | **{f.recall:.1%}** |",
        f"| near-misses given the emergency reply (false alarms) | **{f.false_alarms:.1%}** |",
    ]
    if f.near_misses_answered:
        done, total = f.near_misses_answered
        lines.append(f"| near-misses answered with a need | {done} of {total} |")
    lines += ["", "| danger category | caught | of |", "|---|---|---|"]
    lines += [f"| {k} | {c} | {n} |" for k, (c, n) in sorted(f.recall_by_category.items())]
    lines += ["", "| near-miss kind | false alarms | of |", "|---|---|---|"]
    lines += [f"| {k} | {c} | {n} |" for k, (c, n) in sorted(f.alarms_by_kind.items())]
    lines += ["", f"Missed ({len(f.misses)}):", ""]
    lines += [f"- [{c.kind}] {c.text}" for c in f.misses] or ["- none"]
    lines += ["", f"False alarms ({len(f.false_alarm_cases)}):", ""]
    lines += [f"- [{c.kind}] {c.text}" for c in f.false_alarm_cases] or ["- none"]
    return "\n".join(lines) + "\n"


def sweep(cases: list[CrisisCase], ordinary: list[str], scores: Callable[[str], float]) -> str:
    """The classifier alone at several thresholds (development sets only): recall, false
    alarms on near-misses, and on ordinary messages (the routing set)."""
    danger = [scores(c.text) for c in cases if c.danger]
    calm = [scores(c.text) for c in cases if not c.danger]
    everyday = [scores(text) for text in ordinary]
    lines = ["threshold  recall  near-miss alarms  ordinary alarms"]
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        recall = sum(s >= threshold for s in danger) / len(danger)
        alarms = sum(s >= threshold for s in calm) / len(calm)
        ordinary_alarms = sum(s >= threshold for s in everyday) / max(len(everyday), 1)
        lines.append(f"{threshold:9} {recall:7.3f} {alarms:17.3f} {ordinary_alarms:16.3f}")
    return "\n".join(lines)
