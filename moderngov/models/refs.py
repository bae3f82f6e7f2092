"""ModernGov's own ids, kept beside the records they became, so that importing again updates them."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from council.history import tracked
from scrutiny.models import AgendaItem, SupportingDocument


class RefKind(models.TextChoices):
    WARD = "ward", "Ward"
    PARTY = "party", "Party"
    COUNCILLOR = "councillor", "Councillor"
    COMMITTEE = "committee", "Committee"
    MEMBERSHIP = "membership", "Membership"
    MEETING = "meeting", "Meeting"
    AGENDA_ITEM = "agendaitem", "Agenda item"
    ATTACHMENT = "attachment", "Document"


class ExternalRef(models.Model):
    """One ModernGov record of one site (its ``external_id``: a committee's CId, a meeting's MId, a
    councillor's UID; a ward's or party's title, ModernGov giving them no id) and the record here it
    was imported as."""

    site = models.CharField("ModernGov site", max_length=200, help_text="For example democracy.manchester.gov.uk.")
    kind = models.CharField("kind", max_length=20, choices=RefKind)
    external_id = models.CharField("ModernGov id", max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField("record")
    record = GenericForeignKey("content_type", "object_id")
    history = tracked()

    class Meta:
        ordering = ["site", "kind", "external_id"]
        verbose_name = "ModernGov reference"
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "external_id"], name="one_record_per_moderngov_id"),
        ]
        # The web service finds ModernGov's id of each record it answers with (record to id).
        indexes = [models.Index(fields=["site", "kind", "object_id"], name="moderngov_ref_of_record")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.external_id} at {self.site}"


class LinkedDocument(models.Model):
    """A document ModernGov lists under an agenda item (its ``linkeddoc``): what it is and where it
    is. The file itself is fetched only with ``--documents``, checked like a clerk's upload, and
    becomes the item's supporting document."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="moderngov_documents")
    attachment_id = models.CharField("ModernGov attachment id", max_length=30)
    title = models.CharField("title", max_length=250)
    url = models.URLField("address", max_length=500, blank=True)
    is_link = models.BooleanField("a link to another site", default=False)
    restricted = models.BooleanField("restricted (exempt) in ModernGov", default=False)
    restrictions_ref = models.CharField("ModernGov's restriction reference", max_length=250, blank=True)
    published_on = models.DateField("published in ModernGov on", null=True, blank=True)
    document = models.OneToOneField(
        SupportingDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderngov_source",
        verbose_name="supporting document",
    )
    history = tracked()

    class Meta:
        ordering = ["item", "attachment_id"]

    def __str__(self):
        return self.title
