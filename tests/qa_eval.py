"""The question evaluation sets: load one, answer every question, and tabulate accuracy.

The tuning part, `qa_evaluation.yaml` (keywords, synonyms and matching are tuned on it), and the held-back parts, each
written blind from the routine by someone who had not seen the matcher, before a round of tuning. `qa_heldback.yaml`
(its first misses, by kind, guided the tuning of 2026-11-24) and `qa_heldback_2.yaml` (the honest figure of the second
and third rounds) are consumed: from the fourth round (brief tune3) they are development parts, tuned on.
`qa_heldback_3.yaml`, written blind before that round and the honest figure of it (68.6 % before, 82.9 % after), is
consumed too: from the fifth round (brief tune5) it is a development part, tuned on. So is `qa_heldback_4.yaml` from
the sixth (brief tune6): written blind by another engineer while the fifth round ran, it was that round's honest
figure (58.6 % before the round, 70.0 % after it, 68.6 % after the review's fixes that followed);
`qa_heldback_5.yaml`, written blind by another engineer while the sixth round ran, never seen by its tuner, was that
round's honest figure (78.6 % before the round, 81.4 % after it); from the seventh round (brief tune7) it is a
development part too, tuned on. The matcher also answers like the routine's example questions
(`dialogs/routines/hasselby-vallingby.examples.yaml`), which hold every part's questions, each once: each part is
measured with its own questions left out of them (leave one part out: a question answered like itself proves nothing),
the tuning file's by their `part:` (tuners with the try-out, development, fifth-round, sixth-round). The seventh round's
honest figure is `qa_heldback_6.yaml`, written blind by another engineer while that round ran, never seen by its tuner
(74.3 % before the round, 74.3 % after it); from the eighth round (brief tune8) it is a development part too, its
questions among the example questions like the others'. The eighth round's honest figure is
`qa_heldback_7.yaml`, written blind by another engineer while that round ran, never seen by its tuner (84.3 % before the
round, 84.3 % after it); from the ninth round (brief tune9) it is a development part too, its questions among the example
questions like the others'. The ninth round's honest figure is `qa_heldback_8.yaml`, written blind by another
engineer before that round began, never seen by its tuner (78.6 % before the round, 81.4 % after it); from the tenth
round (brief tune10) it is a development part too, its questions among the example questions like the others'. The
tenth round's honest figure is `qa_heldback_9.yaml`, written blind by another engineer before that round began, never
seen by its tuner (82.9 % before the round, 84.3 % after it); from the eleventh round (brief tune11) it is a
development part too, its questions among the example questions like the others'. The eleventh round's honest figure
is `qa_heldback_10.yaml`, written blind by another engineer (brief writer10) before that round began, never seen by
its tuner (85.7 % before the round, 90.0 % after it); from the twelfth round (brief tune12) it is a development part
too, its questions among the example questions like the others'. The twelfth round's honest figure is
`qa_heldback_11.yaml`, written blind by another engineer (brief writer11) before that round began, never seen by its
tuner and not among the example questions (97.1 % before the round, 97.1 % after it).
`python -m tests.qa_eval` prints the
tables for the README (per topic and per language) of every part, with the misses: a tuner must not run it on a part
that is still held back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from dialogs.language import words_of
from dialogs.matching import Answer, RoutineQuestions
from dialogs.routine import Routine, load_routine

EVALUATION_SET = Path(__file__).parent / "qa_evaluation.yaml"
HELD_BACK_SET = Path(__file__).parent / "qa_heldback.yaml"
HELD_BACK_SET_2 = Path(__file__).parent / "qa_heldback_2.yaml"
HELD_BACK_SET_3 = Path(__file__).parent / "qa_heldback_3.yaml"
HELD_BACK_SET_4 = Path(__file__).parent / "qa_heldback_4.yaml"
HELD_BACK_SET_5 = Path(__file__).parent / "qa_heldback_5.yaml"
HELD_BACK_SET_6 = Path(__file__).parent / "qa_heldback_6.yaml"
HELD_BACK_SET_7 = Path(__file__).parent / "qa_heldback_7.yaml"
HELD_BACK_SET_8 = Path(__file__).parent / "qa_heldback_8.yaml"
HELD_BACK_SET_9 = Path(__file__).parent / "qa_heldback_9.yaml"
HELD_BACK_SET_10 = Path(__file__).parent / "qa_heldback_10.yaml"
HELD_BACK_SET_11 = Path(__file__).parent / "qa_heldback_11.yaml"
HELD_BACK_SETS = (
    HELD_BACK_SET,
    HELD_BACK_SET_2,
    HELD_BACK_SET_3,
    HELD_BACK_SET_4,
    HELD_BACK_SET_5,
    HELD_BACK_SET_6,
    HELD_BACK_SET_7,
    HELD_BACK_SET_8,
    HELD_BACK_SET_9,
    HELD_BACK_SET_10,
    HELD_BACK_SET_11,
)


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


def cases_of(path: Path) -> list[dict[str, str]]:
    cases: list[dict[str, str]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return cases


def part_of(case: dict[str, str]) -> str:
    """A tuning-file question's part: the try-out's questions are the tuners' own."""
    part = case.get("part", "tuners")
    return "tuners" if part == "try-out" else part


def parts() -> dict[str, list[dict[str, str]]]:
    """Every part of the evaluation, the tuning file's by their `part`, each held-back file whole."""
    split: dict[str, list[dict[str, str]]] = defaultdict(list)
    for case in cases_of(EVALUATION_SET):
        split[part_of(case)].append(case)
    return {**split, **{path.stem: cases_of(path) for path in HELD_BACK_SETS}}


def _said(question: str) -> tuple[str, ...]:
    return tuple(words_of(question))


def with_examples(routine: Routine, examples: dict[str, tuple[str, ...]]) -> Routine:
    """The routine with other example questions."""
    return routine.model_copy(update={"questions": routine.questions.model_copy(update={"examples": examples})})


def matcher_without(routine: Routine, cases: list[dict[str, str]]) -> RoutineQuestions:
    """The matcher with the routine's example questions less those of the cases (by their words)."""
    left_out = {_said(c["q"]) for c in cases}
    kept = {answer: tuple(q for q in qs if _said(q) not in left_out) for answer, qs in routine.questions.examples.items()}
    return RoutineQuestions(with_examples(routine, kept))


def evaluate(routine: Routine, cases: list[dict[str, str]]) -> list[Result]:
    """The cases answered by the matcher without their own example questions."""
    questions = matcher_without(routine, cases)
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
    routine = load_routine()
    for name, cases in parts().items():
        print(f"{name}, its questions left out of the examples:\n\n{table(evaluate(routine, cases))}\n")
