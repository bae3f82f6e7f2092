"""Who attended a meeting, and the interests members declared on its items (both are minuted)."""

from django.conf import settings
from django.db import models

from council.history import tracked
from members.models import Dispensation, Interest

from .agenda import AgendaItem
from .meetings import Meeting


class AttendanceStatus(models.TextChoices):
    # Not yet recorded: every voting and co-opted member of the body is expected until the clerk
    # records otherwise or they send apologies. A member still "Expected" on the register of a held
    # meeting is counted absent in the statistics; before the meeting nobody is absent.
    EXPECTED = "expected", "Expected"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    # Local Government Act 1972, Sch.12: a meeting is one held in person (Hertfordshire CC v SSHCLG
    # [2021] EWHC 1093 (Admin)), so since 7 May 2021 remote attendance in England does not count
    # towards the quorum and a member attending remotely cannot vote.
    VIRTUAL = "virtual", "Attended remotely"


#: Counted as being at the meeting (may declare interests), whether or not towards the quorum.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.VIRTUAL)
#: What the clerk records on the register of a meeting that has begun.
RECORDED = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT, AttendanceStatus.VIRTUAL)


class Attendance(models.Model):
    """One line of a meeting's register: a person and whether they attended."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances", verbose_name="person"
    )
    status = models.CharField("attendance", max_length=20, choices=AttendanceStatus, default=AttendanceStatus.EXPECTED)
    substitute_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="substitute for",
    )
    notes = models.CharField("notes", max_length=250, blank=True)
    history = tracked()

    class Meta:
        ordering = ["meeting", "person__last_name", "person__first_name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="one_attendance_per_person_per_meeting",
                violation_error_message="This person is already on the register",
            ),
        ]

    def __str__(self):
        return f"{self.person.get_full_name()}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class DeclarationKind(models.TextChoices):
    """Localism Act 2011 ss.29-34 and the Local Government Association model code of conduct."""

    DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"


class Declaration(models.Model):
    """An interest a person declared on an agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations", verbose_name="person"
    )
    kind = models.CharField("kind of interest", max_length=20, choices=DeclarationKind)
    nature = models.TextField("nature of the interest")
    left_room = models.BooleanField("left the room for the item", default=False)
    # Localism Act 2011 s.31(4): a member with a disclosable pecuniary interest in a matter may not
    # take part in it, nor vote, unless a dispensation (s.33) allows it. Decided by the service
    # (``declaration_add``), never chosen: the minutes of the item say so.
    took_part = models.BooleanField("took part in the item", default=True)
    interest = models.ForeignKey(
        Interest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name="entry in the register",
    )
    dispensation = models.ForeignKey(
        Dispensation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name="dispensation relied on",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="recorded by"
    )
    history = tracked()

    class Meta:
        ordering = ["item", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"],
                name="one_declaration_per_person_per_item",
                violation_error_message="This person has already declared an interest in this item",
            ),
        ]

    def __str__(self):
        return f"{self.person.get_full_name()}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    @property
    def needs_dispensation_note(self) -> bool:
        """A disclosable pecuniary interest normally means leaving the room (Localism Act 2011 s.31(4));
        staying needs a dispensation (s.33), which the clerk should minute."""
        return self.kind == DeclarationKind.DISCLOSABLE_PECUNIARY and not self.left_room and not self.dispensation_id

    @property
    def may_vote(self) -> bool:
        """s.31(4): no vote with a disclosable pecuniary interest, unless the dispensation allows it."""
        if not self.took_part:
            return False
        if self.kind != DeclarationKind.DISCLOSABLE_PECUNIARY:
            return True
        return self.dispensation is not None and self.dispensation.may_vote
