"""People and the organisation: members (councillors), officers, wards, parties, portfolios,
bodies and their memberships."""

import datetime
import math
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from council.history import tracked
from council.permissions import GroupGrants, UserGrants


def _today() -> datetime.date:
    return timezone.localdate()


class RetirableQuerySet(models.QuerySet):
    """Records a council stops using (a ward abolished by a boundary review, a party that folds, a
    portfolio the Leader drops) are retired, never deleted: past minutes and councillors name them."""

    def in_use(self, on: datetime.date | None = None):
        on = on or _today()
        return self.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=on))

    def retired(self, on: datetime.date | None = None):
        on = on or _today()
        return self.filter(retired_on__lte=on)


class Party(models.Model):
    name = models.CharField("name", max_length=120, unique=True)
    abbreviation = models.CharField("short name", max_length=20, blank=True)
    group_name = models.CharField(
        "political group",
        max_length=150,
        blank=True,
        help_text="The party's group on the council, for example Labour Group.",
    )
    retired_on = models.DateField("retired on", null=True, blank=True)
    history = tracked()

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None and self.retired_on <= _today()


class Ward(models.Model):
    name = models.CharField("name", max_length=120, unique=True)
    code = models.CharField("ONS code", max_length=9, blank=True, help_text="For example E05012345.")
    retired_on = models.DateField("retired on", null=True, blank=True)
    history = tracked()

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None and self.retired_on <= _today()


class MemberQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or _today()
        return self.filter(Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=on))

    def former(self, on: datetime.date | None = None):
        """Councillors whose term ended before ``on`` (today): kept in every past minute and decision."""
        on = on or _today()
        return self.filter(term_ends_on__lt=on)

    def public(self):
        """Serving councillors are public figures: the public may read who they are, unless the
        council keeps one off the public pages (``is_public``)."""
        return self.current().filter(is_public=True)

    def with_people(self):
        return self.select_related("user", "ward", "party")


def member_photo_path(member: "Member", filename: str) -> str:
    # The name is ours (the extension is the checked format's), never the uploader's.
    return f"members/photos/{member.pk or 'new'}/{filename}"


class Member(models.Model):
    """A councillor: elected for a ward, in a party or independent."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="members")
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="Leave empty for an independent.",
    )
    elected_on = models.DateField("elected on", null=True, blank=True, help_text="The day of the poll.")
    term_starts_on = models.DateField(
        "term started on", null=True, blank=True, help_text="Usually the fourth day after the poll."
    )
    term_ends_on = models.DateField("term ends on", null=True, blank=True)
    public_email = models.EmailField(
        "public email address",
        blank=True,
        help_text="Shown on the public pages instead of the email address they sign in with.",
    )
    phone = models.CharField("telephone", max_length=30, blank=True)
    postal_address = models.TextField("postal address", blank=True)
    photo = models.FileField("photo", upload_to=member_photo_path, max_length=200, blank=True)
    photo_alt = models.CharField(
        "photo description", max_length=250, blank=True, help_text="What the photo shows, for people who cannot see it."
    )
    is_public = models.BooleanField(
        "shown on the public pages", default=True, help_text="Serving councillors are normally shown."
    )
    history = tracked()

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = "councillor"

    def __str__(self):
        return f"Councillor {self.user.get_full_name()}"

    def get_absolute_url(self):
        return reverse("members:councillor-detail", args=[self.pk])

    @property
    def party_name(self) -> str:
        return self.party.name if self.party_id else "Independent"

    def is_former(self, on: datetime.date | None = None) -> bool:
        """Their term ended before ``on`` (today): the rule of ``MemberQuerySet.current``."""
        return self.term_ends_on is not None and self.term_ends_on < (on or _today())


class Officer(models.Model):
    """Council staff."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer")
    job_title = models.CharField("job title", max_length=150)
    directorate = models.CharField("directorate", max_length=150, blank=True)
    phone = models.CharField("telephone", max_length=30, blank=True)
    retired_on = models.DateField("left the council on", null=True, blank=True)
    history = tracked()

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return f"{self.user.get_full_name()}, {self.job_title}"

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None and self.retired_on <= _today()


class Portfolio(models.Model):
    """An area of executive responsibility held by a Cabinet Member."""

    title = models.CharField("title", max_length=150, unique=True, help_text="For example Corporate Services.")
    responsibilities = models.TextField("responsibilities", blank=True)
    cabinet_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portfolios",
        verbose_name="Cabinet Member",
    )
    retired_on = models.DateField("retired on", null=True, blank=True)
    history = tracked()

    objects = RetirableQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"Cabinet Member {self.title}"

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None and self.retired_on <= _today()


class BodyKind(models.TextChoices):
    COUNCIL = "council", "Council"
    CABINET = "cabinet", "Cabinet"
    COMMITTEE = "committee", "Committee"  # regulatory and others: planning, licensing, audit, standards
    OVERVIEW_SCRUTINY = "overview_scrutiny", "Overview and scrutiny committee"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    CABINET_WORKING_GROUP = "cabinet_working_group", "Cabinet Working Group"
    WORKING_GROUP = "working_group", "Working group"
    PROGRAMME_BOARD = "programme_board", "Programme board"


#: Bodies whose existence and membership the public may read (their meetings are public meetings).
PUBLIC_BODY_KINDS = (
    BodyKind.COUNCIL,
    BodyKind.CABINET,
    BodyKind.COMMITTEE,
    BodyKind.OVERVIEW_SCRUTINY,
    BodyKind.TASK_AND_FINISH,
)
#: Overview and scrutiny: the committees and their task and finish groups (sub-committees).
SCRUTINY_BODY_KINDS = (BodyKind.OVERVIEW_SCRUTINY, BodyKind.TASK_AND_FINISH)


class BodyQuerySet(models.QuerySet):
    def public(self):
        return self.filter(kind__in=PUBLIC_BODY_KINDS)

    def active(self, on: datetime.date | None = None):
        on = on or _today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


#: Words left out of a body's initials.
_MINOR_WORDS = {"and", "of", "the", "for", "on", "to", "in"}


class Body(models.Model):
    """A committee, board or group: Council, Cabinet, an O&S committee, a task and finish group…"""

    name = models.CharField("name", max_length=150, unique=True)
    slug = models.SlugField("web address name", max_length=150, unique=True)
    code = models.CharField(
        "short code",
        max_length=12,
        blank=True,
        help_text="Used in minute numbers, for example OSC. If left blank, the initials of the name are used.",
    )
    kind = models.CharField("kind", max_length=30, choices=BodyKind)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent committee",
        help_text="For a task and finish group: the committee it reports to.",
    )
    purpose = models.TextField("purpose and scope", blank=True)
    terms_of_reference = models.TextField(
        "terms of reference", blank=True, help_text="What the council has delegated to it and what it may decide."
    )
    start_date = models.DateField("start date", null=True, blank=True)
    end_date = models.DateField("end date", null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        "quorum",
        null=True,
        blank=True,
        help_text=(
            "How many voting members must be present in person for the meeting to do business, as the "
            "constitution says. Leave blank for a quarter of its voting members, rounded up, and at least three."
        ),
    )
    history = tracked()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "committee"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="body_ends_after_it_starts",
                violation_error_message="The end date must be the same as or after the start date",
            ),
            models.CheckConstraint(
                condition=Q(quorum__isnull=True) | Q(quorum__gte=1),
                name="body_quorum_at_least_one",
                violation_error_message="The quorum must be at least 1",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:body-detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.kind in PUBLIC_BODY_KINDS

    @property
    def short_code(self) -> str:
        """The code minute numbers carry: the one the clerks chose, else the initials of the name's
        words ("Overview and Scrutiny Committee": OSC), or a one-word name's first three letters (CAB)."""
        if self.code.strip():
            return self.code.strip()
        words = [word for word in re.findall(r"[A-Za-z]+", self.name) if word.lower() not in _MINOR_WORDS]
        if len(words) == 1:
            return words[0][:3].upper()
        return "".join(word[0] for word in words).upper()

    @property
    def is_scrutiny(self) -> bool:
        return self.kind in SCRUTINY_BODY_KINDS

    def quorum_of(self, voting_members: int) -> int:
        """The quorum of a meeting of the body with ``voting_members`` voting seats filled that day:
        the constitution's figure (``quorum``) when set, else ``default_quorum``."""
        return self.quorum or default_quorum(voting_members)


def default_quorum(voting_members: int) -> int:
    """A quarter of the voting members, rounded up, and at least three (the Council's own rule, LGA
    1972 Sch.12 para 6, is a quarter; councils' standing orders commonly add a minimum of three for
    committees), but never more than the members there are, nor fewer than one."""
    return max(min(max(math.ceil(voting_members / 4), 3), voting_members), 1)


class BodyUserObjectPermission(UserGrants):
    """Direct foreign-key object permissions on bodies (faster to filter than the generic table)."""

    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)
    history = tracked()  # who made whom a clerk, and when


class BodyGroupObjectPermission(GroupGrants):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)
    history = tracked()


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-Chair"
    MEMBER = "member", "Member"
    SUBSTITUTE = "substitute", "Substitute"
    CO_OPTED = "co_opted", "Co-opted member (non-voting)"


ROLE_ORDER = {role: index for index, role in enumerate(MembershipRole.values)}


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or _today()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))

    def past(self, on: datetime.date | None = None):
        on = on or _today()
        return self.filter(end_date__lt=on)

    def upcoming(self, on: datetime.date | None = None):
        """Appointed from a later date (e.g. from the next annual meeting of Council)."""
        on = on or _today()
        return self.filter(start_date__gt=on)

    def not_ended(self, on: datetime.date | None = None):
        """Current or upcoming: the memberships a clerk may still end."""
        on = on or _today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))

    def overlapping(self, start: datetime.date, end: datetime.date | None):
        """Sharing at least one day with ``start`` to ``end`` (both included; None: no end yet)."""
        overlapping = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        return overlapping if end is None else overlapping.filter(start_date__lte=end)


class Membership(models.Model):
    """A person's seat on a body, with a role and dates."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("role", max_length=20, choices=MembershipRole, default=MembershipRole.MEMBER)
    start_date = models.DateField("from")
    end_date = models.DateField("until", null=True, blank=True)
    history = tracked()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="The end date must be the same as or after the start date",
            ),
            # One Chair at a time: a body has at most one open-ended Chair membership.
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(role="chair", end_date__isnull=True),
                name="one_open_chair_per_body",
                violation_error_message="This committee already has a Chair. End their term first",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body}"
