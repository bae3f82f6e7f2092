"""Member consultations: officers and Cabinet Members ask members; members respond online.

The audience is data (all members, members of chosen bodies, wards or parties, or named members)
resolved when needed (``members.consultations.selectors.audience``). Responses are one per member and
consultation, saved as a draft and then submitted; each answer is one row per question.
Reminders (invitation, reminders before closing, thank-you) are rows too (``reminders.py``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from council.history import tracked
from council.permissions import GroupGrants, UserGrants

from .organisation import Body, Member, Party, Ward


class ConsultationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    REPORTED = "reported", "Reported"


class AudienceKind(models.TextChoices):
    ALL_MEMBERS = "all", "All members"
    BODIES = "bodies", "Members of chosen committees"
    WARDS = "wards", "Members for chosen wards"
    PARTIES = "parties", "Members of chosen parties"
    NAMED = "named", "Named members"


class ConsultationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ConsultationState.OPEN)

    def public(self):
        """Consultations the public may read: marked public by their owner and opened (a draft never)."""
        return self.filter(public=True).exclude(state=ConsultationState.DRAFT)


class Consultation(models.Model):
    title = models.CharField("title", max_length=200)
    purpose = models.TextField("purpose", help_text="What you are asking members and why.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_consultations",
        verbose_name="owner",
        help_text="The officer or Cabinet Member consulting members.",
    )
    state = models.CharField("state", max_length=10, choices=ConsultationState, default="draft")
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")
    audience = models.CharField("audience", max_length=10, choices=AudienceKind, default="all")
    public = models.BooleanField(
        "shown to the public",
        default=False,
        help_text="The public may read its title, purpose, dates and outcome once it opens; responses stay members'.",
    )
    audience_bodies = models.ManyToManyField(Body, blank=True, related_name="+", verbose_name="committees")
    audience_wards = models.ManyToManyField(Ward, blank=True, related_name="+", verbose_name="wards")
    audience_parties = models.ManyToManyField(Party, blank=True, related_name="+", verbose_name="parties")
    audience_members = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name="named members")
    summary_published_at = models.DateTimeField("summary published", null=True, blank=True)
    outcome = models.TextField(
        "outcome (you said, we did)", blank=True, help_text="What changed because of members' responses."
    )
    outcome_published_at = models.DateTimeField("outcome published", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("created", auto_now_add=True)
    history = tracked(m2m_fields=[audience_bodies, audience_wards, audience_parties, audience_members])

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "title"]
        permissions = [("respond_consultation", "Respond to consultations as a member")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
                violation_error_message="The closing time must be after the opening time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("members:consultation-detail", args=[self.pk])


class ConsultationUserObjectPermission(UserGrants):
    """Per-consultation grants: the owner's supporting officers see individual responses."""

    content_object = models.ForeignKey(Consultation, on_delete=models.CASCADE)
    history = tracked()


class ConsultationGroupObjectPermission(GroupGrants):
    content_object = models.ForeignKey(Consultation, on_delete=models.CASCADE)
    history = tracked()


def consultation_document_path(document, filename: str) -> str:
    return f"consultations/{document.consultation_id}/{filename}"


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("title", max_length=200)
    file = models.FileField("file", upload_to=consultation_document_path, max_length=300)
    content_type = models.CharField("content type", max_length=100)
    size = models.PositiveBigIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256", max_length=64)  # of the file stored: a PDF without its active content
    original_sha256 = models.CharField("SHA-256 of the file as uploaded", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("uploaded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["consultation", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    FREE_TEXT = "text", "Free text"
    SINGLE_CHOICE = "single", "Single choice"
    MULTIPLE_CHOICE = "multiple", "Multiple choice"
    AGREE_SCALE = "scale", "Agree–disagree scale"
    WARD_FEEDBACK = "ward", "Ward feedback"


#: The agree–disagree scale, stored as 1..5.
AGREE_SCALE = [
    (5, "Strongly agree"),
    (4, "Agree"),
    (3, "Neither agree nor disagree"),
    (2, "Disagree"),
    (1, "Strongly disagree"),
]


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField("order")
    kind = models.CharField("kind", max_length=10, choices=QuestionKind)
    text = models.CharField("question", max_length=500)
    help_text = models.TextField("help text", blank=True)
    required = models.BooleanField("an answer is required", default=True)
    max_length = models.PositiveIntegerField(
        "most characters", null=True, blank=True, help_text="For free text and ward feedback: the character limit."
    )
    history = tracked()

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "position"], name="one_question_per_position"),
        ]

    def __str__(self):
        return self.text


class QuestionOption(models.Model):
    """A choice of a single- or multiple-choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField("order")
    label = models.CharField("option", max_length=200)
    history = tracked()

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="one_option_per_position"),
        ]

    def __str__(self):
        return self.label

    @property
    def is_exclusive(self) -> bool:
        """ "None of these" (any option starting "None") cannot be chosen with another option."""
        return self.label.strip().lower().startswith("none")


class ResponseState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Response(models.Model):
    """One member's response to one consultation: a draft until submitted; editable until closing."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consultation_responses")
    state = models.CharField("state", max_length=10, choices=ResponseState, default="draft")
    submitted_at = models.DateTimeField("submitted", null=True, blank=True)
    updated_at = models.DateTimeField("last saved", auto_now=True)
    version = models.PositiveIntegerField(
        "version", default=1, help_text="Raised on every save: a save based on an older version is a conflict."
    )
    history = tracked()

    class Meta:
        ordering = ["consultation", "member"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "member"], name="one_response_per_member"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="submitted_response_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.member}'s response to {self.consultation}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField("answer", blank=True)
    options = models.ManyToManyField(QuestionOption, blank=True, related_name="answers")
    scale = models.PositiveSmallIntegerField("scale", null=True, blank=True, choices=AGREE_SCALE)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = tracked(m2m_fields=[options])

    class Meta:
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"Answer to {self.question}"
