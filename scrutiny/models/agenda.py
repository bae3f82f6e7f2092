"""The agenda: items of business, and the record of their publication."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from council.errors import RuleError
from council.history import tracked
from members.models import Ward

from .meetings import Meeting


class ItemKind(models.TextChoices):
    REPORT = "report", "Report"
    STANDING = "standing", "Standing item"
    DECISION = "decision", "For decision"
    INFORMATION = "information", "For information"
    NOTING = "noting", "For noting"
    # The minutes of the body's previous meeting, to be confirmed as a correct record: the agenda pack
    # carries them at this item (scrutiny.minutes_pack).
    MINUTES = "minutes", "Minutes of the previous meeting"
    # Its minute is written by the service: the declarations made at the meeting (Localism Act 2011).
    # The minutes item's minute, likewise, records the confirmation of the previous meeting's minutes.
    DECLARATIONS = "declarations", "Declarations of interest"
    # LGA 1972 s.100A(4): placed by the agenda itself before the first exempt item, never chosen.
    EXCLUSION = "exclusion", "Exclusion of the press and public"

    @classmethod
    def chosen_by_clerks(cls) -> list[tuple[str, str]]:
        return [(value, label) for value, label in cls.choices if value != cls.EXCLUSION]


class ExemptParagraph(models.IntegerChoices):
    """Local Government Act 1972, Schedule 12A, Part 1 (England)."""

    INDIVIDUAL = 1, "1: information relating to an individual"
    IDENTITY = 2, "2: information likely to reveal the identity of an individual"
    FINANCIAL = 3, "3: the financial or business affairs of a person (the council included)"
    LABOUR_RELATIONS = 4, "4: consultations or negotiations on labour relations"
    LEGAL_PRIVILEGE = 5, "5: legal professional privilege"
    NOTICES = 6, "6: notices, orders or directions under an enactment"
    CRIME = 7, "7: the prevention, investigation or prosecution of crime"


EXCLUSION_TITLE = "Exclusion of the press and public"


def _paragraphs_phrase(paragraphs) -> str:
    numbers = [str(n) for n in sorted(set(paragraphs))]
    if not numbers:
        return "paragraph(s) of"
    if len(numbers) == 1:
        return f"paragraph {numbers[0]} of"
    return f"paragraphs {', '.join(numbers[:-1])} and {numbers[-1]} of"


def exclusion_wording(paragraphs, *, resolved: bool = False) -> str:
    """The resolution to exclude the press and public (LGA 1972 s.100A(4)), for the paragraphs of
    Schedule 12A the following items rely on: as proposed on the agenda, or as resolved (minutes)."""
    opening = "Resolved that" if resolved else "To resolve that"
    return (
        f"{opening} under section 100A(4) of the Local Government Act 1972 the press and public be excluded "
        "from the meeting for the following item(s) of business on the grounds that they involve the likely "
        f"disclosure of exempt information as defined in {_paragraphs_phrase(paragraphs)} Part 1 of "
        "Schedule 12A to the Act."
    )


def exclusion_paragraphs(items) -> dict[int, list[int]]:
    """For each exclusion item among ``items`` (ordered by position), the Schedule 12A paragraphs of
    the exempt items it excludes the public for: those after it, up to the next exclusion item."""
    found: dict[int, list[int]] = {}
    current = None
    for item in items:
        if item.kind == ItemKind.EXCLUSION:
            current = found.setdefault(item.pk, [])
        elif item.exempt and current is not None and item.exempt_paragraph not in current:
            current.append(item.exempt_paragraph)
    return {pk: sorted(paragraphs) for pk, paragraphs in found.items()}


class ChairAgreedUrgency(models.Model):
    """The Chair who agreed that late business or a late change is urgent, and when (LGA 1972
    s.100B(4)); the reason is each record's own ``urgent_reason``."""

    urgency_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chair who agreed it is urgent",
    )
    urgency_agreed_on = models.DateField("Chair agreed on", null=True, blank=True)

    class Meta:
        abstract = True


class AgendaItem(ChairAgreedUrgency):
    """One item of business on a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("order")
    title = models.CharField("title", max_length=250)
    kind = models.CharField("kind", max_length=20, choices=ItemKind, default=ItemKind.REPORT)
    report_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="report of",
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="introduced by",
    )
    minutes_allowed = models.PositiveSmallIntegerField("time allowed (minutes)", null=True, blank=True)
    exempt = models.BooleanField("exempt information", default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph", choices=ExemptParagraph, null=True, blank=True
    )
    public_interest_reason = models.TextField(
        "why the public interest in keeping it exempt outweighs disclosure", blank=True
    )
    urgent_reason = models.TextField("why it is urgent", blank=True)
    # s.100B(4)(b) LGA 1972: late business is taken only if the Chair is of the opinion that it is
    # urgent by reason of special circumstances; who agreed, and when, goes in the minutes.
    published_in = models.ForeignKey(
        "Publication", on_delete=models.PROTECT, null=True, blank=True, related_name="items", editable=False
    )
    # What the item concerns, matched against members' registers of interests (scrutiny.selectors.interests).
    # Of an exempt item these are exempt content: they are shown only to those who may see it.
    wards = models.ManyToManyField(Ward, blank=True, related_name="agenda_items", verbose_name="wards it concerns")
    organisations = models.TextField(
        "organisations it concerns",
        blank=True,
        help_text="Companies, charities or other bodies the item is about, one a line or separated by commas.",
    )
    subjects = models.CharField(
        "subjects",
        max_length=300,
        blank=True,
        help_text="Words or short phrases for what it is about, separated by commas. For example: leisure, parking.",
    )
    history = tracked()

    class Meta:
        ordering = ["meeting", "position"]
        # Need-to-know on an exempt item's papers, granted to an officer on one item (Schedule 12A).
        permissions = [("view_exempt_papers", "Can open the item's exempt papers")]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False) | (Q(exempt_paragraph__isnull=False) & ~Q(public_interest_reason="")),
                name="exempt_item_has_paragraph_and_reason",
                violation_error_message="An exempt item needs its Schedule 12A paragraph and public interest reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def is_published(self) -> bool:
        return self.published_in_id is not None


def supplement_number(version: int) -> int:
    """Supplements are numbered from 1 ("Supplementary agenda 1"). The agenda is always the
    meeting's first publication (a supplement follows a published agenda), so a supplement's
    number is its publication's version less one. The version stays the record's key (its
    addresses, the pack editions' names), so links already sent keep working."""
    return version - 1


class PublicationKind(models.TextChoices):
    AGENDA = "agenda", "Agenda"
    SUPPLEMENT = "supplement", "Supplement"


class Publication(ChairAgreedUrgency):
    """The council's proof that the law was followed: who published what, when, and whether the
    statutory deadline was met. Created once by ``agenda_publish`` or ``supplement_publish``; never
    changed or deleted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="publications")
    kind = models.CharField("kind", max_length=20, choices=PublicationKind)
    version = models.PositiveIntegerField("version")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="published by"
    )
    published_at = models.DateTimeField("published at")
    contents = models.JSONField("what was published")
    sha256 = models.CharField("SHA-256 of what was published", max_length=64)
    clear_working_days = models.PositiveSmallIntegerField("clear working days before the meeting")
    deadline_met = models.BooleanField("statutory deadline met")
    urgent_reason = models.TextField("why it was urgent", blank=True)
    history = tracked()

    class Meta:
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_publication_per_version"),
            models.CheckConstraint(
                condition=Q(deadline_met=True) | ~Q(urgent_reason=""),
                name="late_publication_has_urgent_reason",
                violation_error_message="A late publication needs the reason it is urgent",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.meeting}"

    def save(self, *args, **kwargs):
        # The record of what was published is evidence: it is written once and never rewritten.
        if not self._state.adding:
            raise RuleError("A publication record cannot be changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()

    @property
    def sha256_chunks(self) -> list[str]:
        """The fingerprint in groups of eight, so a narrow screen can wrap it between groups."""
        return [self.sha256[i : i + 8] for i in range(0, len(self.sha256), 8)]

    @property
    def supplement_number(self) -> int | None:
        return supplement_number(self.version) if self.kind == PublicationKind.SUPPLEMENT else None

    @property
    def name(self) -> str:
        """ "Agenda" or "Supplementary agenda 2": what the council calls it, on every page and pack."""
        if self.kind == PublicationKind.SUPPLEMENT:
            return f"Supplementary agenda {self.supplement_number}"
        return "Agenda"

    def delete(self, *args, **kwargs):
        # The database refuses too (a trigger, scrutiny migration 0002): this is the readable message.
        raise RuleError("A publication record cannot be deleted")


class MeetingDateChange(ChairAgreedUrgency):
    """A published meeting moved to another day: the notice each publication now gives, and, when
    that is short, why the change is urgent and the Chair who agreed (LGA 1972 s.100B(4))."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="date_changes")
    from_date = models.DateField("moved from")
    to_date = models.DateField("moved to")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="changed by"
    )
    changed_at = models.DateTimeField("changed at")
    notice = models.JSONField("notice each publication gives for the new date")
    urgent_reason = models.TextField("why the change is urgent", blank=True)
    history = tracked()

    class Meta:
        ordering = ["meeting", "changed_at"]

    def __str__(self):
        return f"{self.meeting.body} moved from {self.from_date} to {self.to_date}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()
