"""The question evaluation sets: load one, answer every question, and tabulate accuracy.

The tuning part, `qa_evaluation.yaml` (keywords, synonyms and matching are tuned on it), and the held-back parts,
each written blind from the routine by someone who had not seen the matcher, before a round of tuning.
`qa_heldback.yaml` (its first misses, by kind, guided the tuning of 2026-11-24) and `qa_heldback_2.yaml` (the honest
figure of the second and third rounds) are consumed: from the fourth round (brief tune3) they are development parts,
tuned on. `qa_heldback_3.yaml`, written blind before that round and the honest figure of it (68.6 % before, 82.9 %
after), is consumed too: from the fifth round (brief tune5) it is a development part, tuned on. The honest figure is
`qa_heldback_4.yaml`, written blind by another engineer while the fifth round ran, never seen by its tuner, only
measured, by the lead (58.6 % before the round, 70.0 % after it, 68.6 % after the review's fixes that followed).
`python -m tests.qa_eval` prints the tables for the README (per topic and per language) of every part, with the
misses: a tuner must not run it on a part that is still held back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from dialogs.matching import Answer, RoutineQuestions
from dialogs.routine import load_routine

EVALUATION_SET = Path(__file__).parent / "qa_evaluation.yaml"
HELD_BACK_SET = Path(__file__).parent / "qa_heldback.yaml"
HELD_BACK_SET_2 = Path(__file__).parent / "qa_heldback_2.yaml"
HELD_BACK_SET_3 = Path(__file__).parent / "qa_heldback_3.yaml"
HELD_BACK_SET_4 = Path(__file__).parent / "qa_heldback_4.yaml"
HELD_BACK_SETS = (HELD_BACK_SET, HELD_BACK_SET_2, HELD_BACK_SET_3, HELD_BACK_SET_4)


@dataclass(frozen=True)
class Result:
    question: str
    lang: str
    expected: str
    got: str

    @property
    def ok(self) -> bool:
        return self.expected == self.got

    @property
    def wrong_role(self) -> bool:
        """Answered with a role's responsibilities that are not what was asked: worse than no answer."""
        return self.got.startswith("role_") and self.got != self.expected


def label(answer: Answer) -> str:
    if answer.kind == "topic" and answer.topic:
        return answer.topic.id
    return "none" if answer.kind == "suggest" else answer.kind


def evaluate(questions: RoutineQuestions, path: Path = EVALUATION_SET) -> list[Result]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Result(c["q"], c["lang"], c["expect"], label(questions.answer(c["q"], c["lang"]))) for c in cases]


def table(results: list[Result]) -> str:
    def row(name: str, rs: list[Result]) -> str:
        hits = sum(r.ok for r in rs)
        return f"| {name} | {len(rs)} | {hits} | {100 * hits / len(rs):.1f} % |"

    by_topic: dict[str, list[Result]] = defaultdict(list)
    by_lang: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_topic[r.expected].append(r)
        by_lang[r.lang].append(r)
    lines = ["| topic | questions | right | top-1 |", "|---|---|---|---|"]
    lines += [row(t, rs) for t, rs in sorted(by_topic.items())]
    lines += [row(f"**language {lang}**", rs) for lang, rs in sorted(by_lang.items())]
    lines.append(row("**all**", results))
    misses = [f"- {r.question!r}: expected {r.expected}, got {r.got}" for r in results if not r.ok]
    return "\n".join([*lines, "", "Misses:", *misses] if misses else lines)


if __name__ == "__main__":
    questions = RoutineQuestions(load_routine())
    for name, path in (
        ("Tuning part", EVALUATION_SET),
        ("Held-back part 1", HELD_BACK_SET),
        ("Held-back part 2", HELD_BACK_SET_2),
        ("Held-back part 3", HELD_BACK_SET_3),
        ("Held-back part 4", HELD_BACK_SET_4),
    ):
        print(f"{name} ({path.name}):\n\n{table(evaluate(questions, path))}\n")
