"""Per-question totals of poll answers, for the bar chart on the polls page."""

from dataclasses import dataclass, field

from django.db.models import Count

from meetings.models import PollAnswer

# Free-text questions can have one distinct answer per respondent; beyond
# this many bars the rest are merged into one "other answers" bar.
MAX_BARS_PER_QUESTION = 10


@dataclass(frozen=True)
class AnswerBar:
    answer: str
    count: int
    percent: int
    is_other: bool = False


@dataclass
class QuestionTotals:
    """How often each answer was given to one question of one poll."""

    poll_title: str
    question: str
    total: int = 0
    bars: list[AnswerBar] = field(default_factory=list)


def question_totals(meeting) -> list[QuestionTotals]:
    """Count the answers to every question of a meeting's polls, in one query."""
    rows = (
        PollAnswer.objects.filter(meeting=meeting)
        .values("poll_title", "question", "answer")
        .annotate(count=Count("id"))
        .order_by("poll_title", "question", "-count", "answer")
    )
    grouped: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for row in rows:
        key = (row["poll_title"], row["question"])
        grouped.setdefault(key, []).append((row["answer"], row["count"]))
    return [
        _totals(poll_title, question, counts)
        for (poll_title, question), counts in grouped.items()
    ]


def _totals(poll_title, question, counts) -> QuestionTotals:
    totals = QuestionTotals(poll_title, question)
    totals.total = sum(count for _answer, count in counts)
    shown = counts[:MAX_BARS_PER_QUESTION]
    rest = counts[MAX_BARS_PER_QUESTION:]
    for answer, count in shown:
        totals.bars.append(AnswerBar(answer, count, _percent(count, totals.total)))
    if rest:
        other = sum(count for _answer, count in rest)
        totals.bars.append(
            AnswerBar("", other, _percent(other, totals.total), is_other=True)
        )
    return totals


def _percent(count, total) -> int:
    return round(100 * count / total) if total else 0
