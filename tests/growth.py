"""Growth data for the query-count crawl (issue 17): the archive of many more years, made by copying
the demo council's own records.

Each copy ``k`` repeats the demo's meetings ``k`` years earlier (with their publications, agenda
items, minute numbers, attendance and declarations; each item with a paper and a minute with its
resolution, recommendation (answered) and action), its executive decisions, forward plan entries and
officer decisions, its reviews (completed, with their stages, savings lines and indicators) and its
consultations (with their questions and responses). The copies are rows like the demo's, so every
list page that shows the archive has as many times as much to show; a page whose query count
depends on its rows shows it. The history of the records the crawl opens grows too (``HISTORY_ROWS``
more rows each).

Rows are copied field by field with ``bulk_create`` (a foreign key to a copied row points at its
copy), so no service runs and nothing is published, emailed or built: what is copied was already
checked when the demo was loaded.
"""

import datetime
from collections.abc import Callable, Iterable

from django.db import connection, models

from commissioning.models import (
    GateDecision,
    Indicator,
    IndicatorActual,
    Review,
    ReviewPortfolio,
    ReviewStage,
    ReviewStatus,
    SavingLine,
)
from executive.models import ExecutiveDecision, ForwardPlanEntry, OfficerDecision
from members.models import Answer, Consultation, ConsultationState, Question, QuestionOption, Response
from scrutiny.models import (
    Action,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    MinuteNumber,
    Publication,
    Recommendation,
    RecommendationResponse,
    Resolution,
    SupportingDocument,
)

HISTORY_ROWS = 40
GAP = 100_000
YEAR = datetime.timedelta(days=364)


def _earlier(field: str) -> Callable[[dict, int], None]:
    def earlier(values: dict, k: int) -> None:
        values[field] = values[field] - k

    return earlier


# (model, the foreign key to its parent copied before it, or None for every row, an adjustment)
def _completed(values: dict, k: int) -> None:
    values["status"] = ReviewStatus.COMPLETED  # the reviews of earlier years are finished


def _notice_published(values: dict, k: int) -> None:
    if values["notice_published_on"] is None:  # the decisions of earlier years had their notices
        values["notice_published_on"] = values["decided_on"]


def _closed(values: dict, k: int) -> None:
    values["state"] = ConsultationState.CLOSED  # the consultations of earlier years are over


# Every date and time of a copy is ``k`` years (of 52 weeks: a meeting keeps its weekday) earlier.
TREES: list[tuple[type[models.Model], str | None, Callable[[dict, int], None] | None]] = [
    (Meeting, None, None),
    (Publication, "meeting", None),
    (AgendaItem, "meeting", None),
    (SupportingDocument, "item", None),
    (Minute, "item", None),
    (MinuteNumber, "item", _earlier("municipal_year")),
    (Resolution, "minute", None),
    (Recommendation, "resolution", None),
    (Action, "resolution", None),
    (Attendance, "meeting", None),
    (Declaration, "item", None),
    (ForwardPlanEntry, None, None),
    (ExecutiveDecision, None, _notice_published),
    (OfficerDecision, None, None),
    (Review, None, _completed),
    (ReviewPortfolio, "review", None),
    (ReviewStage, "review", None),
    (GateDecision, "review", None),
    (SavingLine, "review", _earlier("financial_year")),
    (Indicator, "review", None),
    (IndicatorActual, "indicator", None),
    (Consultation, None, _closed),
    (Question, "consultation", None),
    (QuestionOption, "question", None),
    (Response, "consultation", None),
    (Answer, "response", None),
]


class Archive:
    """The demo's records as they are now; ``grow`` copies them into earlier years."""

    def __init__(self):
        self.originals = {model: list(model.objects.order_by("pk")) for model, _parent, _adjust in TREES}

    def grow(self, years: range, history_of: Iterable[models.Model] = ()) -> dict[str, int]:
        """Add a copy of the demo's archive ``k`` years earlier for each ``k`` in ``years``; return
        how many rows of each model were added. Called again with later years, it copies the demo
        again, never the copies."""
        return _grow(self.originals, years, history_of)


def _grow(originals, years: range, history_of: Iterable[models.Model]) -> dict[str, int]:
    _leave_a_gap([model for model, _parent, _adjust in TREES])
    added: dict[str, int] = {}
    for k in years:
        copied: dict[type[models.Model], dict[int, int]] = {}
        for model, parent, adjust in TREES:
            rows = originals[model]
            if parent is not None:
                parent_model = model._meta.get_field(parent).related_model
                rows = [row for row in rows if getattr(row, f"{parent}_id") in copied[parent_model]]
            copied[model] = _copy(model, rows, copied, adjust, k)
            added[model.__name__] = added.get(model.__name__, 0) + len(rows)
        for name, count in _fill(copied[AgendaItem].values()).items():
            added[name] = added.get(name, 0) + count
    for obj in history_of:
        added["history"] = added.get("history", 0) + _grow_history(obj)
    return added


def _leave_a_gap(tables: list[type[models.Model]]) -> None:
    """New rows get ids well past the demo's: the crawl fills an id it has no row for with another
    route's (a meeting's), and a copy must not turn such a page from 'not found' into a real one."""
    with connection.cursor() as cursor:
        for model in tables:
            highest = model.objects.aggregate(highest=models.Max("pk"))["highest"] or 0
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, highest + GAP])


def _fill(items) -> dict[str, int]:
    """The demo minutes only a few items and has papers for a few: give each copied item that has
    none a paper, a minute with a resolution, a recommendation and an action, like the demo's first."""
    items = list(items)
    paper, minute, resolution, action = (
        model.objects.order_by("pk").first() for model in (SupportingDocument, Minute, Resolution, Action)
    )
    if not (paper and minute and resolution and action):
        return {}
    with_papers = set(SupportingDocument.objects.filter(item__in=items).values_list("item", flat=True))
    papers = _copy_each(
        SupportingDocument, paper, [{"item_id": pk, "position": 1} for pk in items if pk not in with_papers]
    )
    minuted = set(Minute.objects.filter(item__in=items).values_list("item", flat=True))
    minutes = _copy_each(Minute, minute, [{"item_id": pk} for pk in items if pk not in minuted])
    resolutions = _copy_each(Resolution, resolution, [{"minute_id": row.pk, "position": 1} for row in minutes])
    actions = _copy_each(Action, action, [{"resolution_id": row.pk} for row in resolutions])
    made_on = datetime.date(2020, 1, 6)
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(  # answered long ago, as the archive's are
            resolution=row,
            text="That the executive reviews the charging policy.",
            to_whom="Cabinet",
            made_on=made_on,
            received_on=made_on,
            response_due=made_on + datetime.timedelta(days=60),
            response=RecommendationResponse.ACCEPTED,
            response_text="Accepted: the policy will be reviewed.",
            responded_on=made_on + datetime.timedelta(days=30),
            response_published_on=made_on + datetime.timedelta(days=31),
        )
        for row in resolutions
    )
    return {
        "SupportingDocument": len(papers),
        "Minute": len(minutes),
        "Resolution": len(resolutions),
        "Action": len(actions),
        "Recommendation": len(recommendations),
    }


def _copy_each(model, template, changes: list[dict]) -> list:
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    values = {field.attname: getattr(template, field.attname) for field in fields}
    return model.objects.bulk_create([model(**{**values, **change}) for change in changes], batch_size=500)


def _copy(model, rows, copied, adjust, k) -> dict[int, int]:
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    new_rows = []
    for row in rows:
        values = {}
        for field in fields:
            value = getattr(row, field.attname)
            if field.is_relation and value is not None and field.related_model in copied:
                value = copied[field.related_model].get(value, value)
            elif field.unique and field.null:
                value = None  # one to one with a row that is not copied (a review's programme board)
            values[field.attname] = value
        for field in fields:
            if isinstance(field, models.DateField) and values[field.attname] is not None:
                values[field.attname] = values[field.attname] - k * YEAR  # the archive is of earlier years
        if adjust is not None:
            adjust(values, k)
        new_rows.append(model(**values))
    model.objects.bulk_create(new_rows, batch_size=500)
    return {row.pk: new.pk for row, new in zip(rows, new_rows, strict=True)}


def _grow_history(obj) -> int:
    """``HISTORY_ROWS`` more history rows for ``obj``, each a copy of its latest."""
    history = obj.history.model
    latest = obj.history.order_by("-history_date", "-history_id").first()
    if latest is None:
        return 0
    fields = [field for field in history._meta.concrete_fields if not field.primary_key]
    copies = []
    for n in range(HISTORY_ROWS):
        values = {field.attname: getattr(latest, field.attname) for field in fields}
        values["history_date"] = latest.history_date - datetime.timedelta(minutes=n + 1)
        copies.append(history(**values))
    history.objects.bulk_create(copies)
    return len(copies)
