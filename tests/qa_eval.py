"""The question evaluation set: load it, answer every question, and tabulate accuracy.

`python -m tests.qa_eval` prints the table for the README (per topic and per language).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from dialogs.matching import Answer, RoutineQuestions
from dialogs.routine import load_routine

EVALUATION_SET = Path(__file__).parent / "qa_evaluation.yaml"


@dataclass(frozen=True)
class Result:
    question: str
    lang: str
    expected: str
    got: str

    @property
    def ok(self) -> bool:
        return self.expected == self.got


def label(answer: Answer) -> str:
    if answer.kind == "topic" and answer.topic:
        return answer.topic.id
    return "none" if answer.kind == "suggest" else answer.kind


def evaluate(questions: RoutineQuestions) -> list[Result]:
    cases = yaml.safe_load(EVALUATION_SET.read_text(encoding="utf-8"))
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
    print(table(evaluate(RoutineQuestions(load_routine()))))
