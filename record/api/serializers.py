"""What the API says of each record: the fields the public pages show, read from querysets the views
have already scoped to the reader (``views``). Nothing here decides who may see what, except the
fields the pages themselves show only to some (an exempt decision's part, a withheld minute)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scrutiny.selectors import EXEMPT_NOTICE


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _name(user) -> str | None:
    return user.get_full_name() if user is not None else None


@extend_schema_field(OpenApiTypes.URI)
class PageLinkField(serializers.Field):
    """The record's page on the site (``get_absolute_url``), as an absolute address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return _absolute(self.context, obj.get_absolute_url())


class BodyRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class WardRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(help_text="ONS code")


class SeatSerializer(serializers.Serializer):
    """A current seat on a body: who, in what role (Chair, Vice-Chair, member, substitute, co-opted)."""

    name = serializers.SerializerMethodField()
    role = serializers.CharField(source="get_role_display")
    party = serializers.SerializerMethodField()
    start_date = serializers.DateField()

    def get_name(self, seat) -> str:
        return seat.person.get_full_name()

    def get_party(self, seat) -> str | None:
        member = getattr(seat.person, "member", None)
        return member.party_name if member is not None else None


class BodySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_name = serializers.CharField(source="get_kind_display")
    parent = serializers.SlugField(source="parent.slug", default=None, help_text="The committee it reports to.")
    purpose = serializers.CharField()
    terms_of_reference = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    members = SeatSerializer(source="api_seats", many=True)
    page = PageLinkField()


class SeatOfCouncillorSerializer(serializers.Serializer):
    body = BodyRefSerializer()
    role = serializers.CharField(source="get_role_display")


class CouncillorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    ward = WardRefSerializer()
    party = serializers.CharField(source="party_name")
    is_former = serializers.SerializerMethodField(help_text="Their term of office has ended.")
    term_ends_on = serializers.DateField()
    photo = serializers.SerializerMethodField(help_text="The photo's address, when the council publishes one.")
    photo_description = serializers.CharField(source="photo_alt")
    committees = SeatOfCouncillorSerializer(source="user.api_seats", many=True)
    page = PageLinkField()

    def get_name(self, member) -> str:
        return member.user.get_full_name()

    def get_is_former(self, member) -> bool:
        return member.is_former()

    def get_photo(self, member) -> str | None:
        if not member.photo or not member.is_public:
            return None
        return _absolute(self.context, reverse("members:councillor-photo", args=[member.pk]))


class WardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(help_text="ONS code")
    retired_on = serializers.DateField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = BodyRefSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField()
    remote_link = serializers.URLField()
    status = serializers.CharField()
    status_name = serializers.CharField(source="get_status_display")
    cancelled_reason = serializers.CharField()
    page = PageLinkField()


class DocumentSerializer(serializers.Serializer):
    """A supporting document: its details and the address to download it from (the site's own view,
    which applies the same rules: an exempt paper needs its reader signed in)."""

    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    title = serializers.CharField()
    kind = serializers.CharField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes")
    page_count = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    download = serializers.SerializerMethodField()

    def get_download(self, document) -> str:
        path = reverse("scrutiny:document-open", args=[document.item.meeting_id, document.pk])
        return _absolute(self.context, path)


class AgendaItemSerializer(serializers.Serializer):
    """An agenda item as its meeting page shows it: an exempt item by its title and its Schedule 12A
    paragraph, its papers only for those who may open them."""

    id = serializers.IntegerField()
    meeting = serializers.IntegerField(source="meeting_id")
    body = BodyRefSerializer(source="meeting.body")
    position = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    report_author = serializers.SerializerMethodField()
    presenter = serializers.SerializerMethodField()
    minutes_allowed = serializers.IntegerField()
    exempt = serializers.BooleanField()
    exempt_paragraph = serializers.IntegerField()
    exempt_notice = serializers.SerializerMethodField()
    urgent_reason = serializers.CharField()
    published = serializers.BooleanField(source="is_published")
    documents = DocumentSerializer(source="api_documents", many=True)
    page = PageLinkField()

    def get_report_author(self, item) -> str | None:
        return item.report_author.display_with_post() if item.report_author is not None else None

    def get_presenter(self, item) -> str | None:
        return _name(item.presenter)

    def get_exempt_notice(self, item) -> str:
        return EXEMPT_NOTICE.format(n=item.exempt_paragraph) if item.exempt else ""


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(source="api_items", many=True)


class MinutesSerializer(serializers.Serializer):
    """A meeting whose minutes the reader may read: confirmed (everyone) or draft (the body's clerks
    and members)."""

    meeting = serializers.IntegerField(source="id")
    body = BodyRefSerializer()
    starts_at = serializers.DateTimeField()
    confirmed = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    def get_confirmed(self, meeting) -> bool:
        return meeting.status == "minutes_confirmed"

    def get_page(self, meeting) -> str:
        return _absolute(self.context, reverse("scrutiny:minutes", args=[meeting.pk]))


class ResolutionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.CharField()


class MinuteRowSerializer(serializers.Serializer):
    """One agenda item's minute. For an exempt item the reader may not see: no minute and no
    resolutions, only the clerk's fair summary for the public (LGA 1972 s.100C(2))."""

    number = serializers.IntegerField()
    minute_number = serializers.CharField(help_text='The minute number in the council\'s style, like "OSC 12/26".')
    item = serializers.IntegerField(source="item.id")
    title = serializers.CharField(source="item.title")
    exempt = serializers.BooleanField(source="item.exempt")
    withheld = serializers.BooleanField()
    fair_summary = serializers.CharField()
    minute = serializers.SerializerMethodField()
    resolutions = ResolutionSerializer(many=True)

    def get_minute(self, row) -> str | None:
        return row["minute"].text if row["minute"] is not None else None


class MinutesDetailSerializer(MinutesSerializer):
    items = MinuteRowSerializer(source="api_rows", many=True)


class DecisionSerializer(serializers.Serializer):
    """An executive decision with its published notice (reg 13): its exempt part only for those who
    may read it, as on the decision's page; the exempt agenda item it was taken on by its meeting."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    decision_maker = serializers.CharField()
    portfolio = serializers.CharField(source="portfolio.title", default=None)
    decided_on = serializers.DateField()
    decision = serializers.CharField()
    reasons = serializers.CharField()
    alternatives_rejected = serializers.CharField()
    interests_declared = serializers.CharField()
    dispensations = serializers.CharField()
    is_key = serializers.BooleanField()
    route = serializers.CharField()
    notice_published_on = serializers.DateField()
    call_in_ends_on = serializers.DateField()
    forward_plan_entry = serializers.IntegerField(source="entry_id")
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", default=None)
    agenda_item = serializers.SerializerMethodField()
    exempt_paragraph = serializers.IntegerField()
    exempt_part = serializers.SerializerMethodField()
    page = PageLinkField()

    def get_agenda_item(self, decision) -> str | None:
        item = decision.agenda_item
        return item.title if item is not None and not item.exempt else None

    def get_exempt_part(self, decision) -> str | None:
        return decision.exempt_part if self.context.get("may_see_exempt_part") else None


class EditionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_on = serializers.DateField()
    published_at = serializers.DateTimeField()
    sha256 = serializers.CharField()
    page = PageLinkField()


class EditionEntrySerializer(serializers.Serializer):
    """An entry as the edition fixed it when published (a notice of a key decision, reg 9(1))."""

    id = serializers.IntegerField()
    matter = serializers.CharField()
    summary = serializers.CharField()
    decision_maker = serializers.CharField()
    portfolio = serializers.CharField()
    wards = serializers.ListField(child=serializers.CharField())
    expected_decision_on = serializers.DateField()
    documents = serializers.CharField()
    documents_available = serializers.CharField()
    private = serializers.BooleanField()
    exempt_paragraph = serializers.IntegerField(allow_null=True)
    private_reasons = serializers.CharField()
    key = serializers.BooleanField()
    key_reason = serializers.CharField()


class EditionDetailSerializer(EditionSerializer):
    entries = EditionEntrySerializer(source="contents.entries", many=True)


class RecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = BodyRefSerializer(source="resolution.minute.item.meeting.body")
    meeting = serializers.IntegerField(source="resolution.minute.item.meeting_id")
    text = serializers.CharField()
    to_whom = serializers.CharField()
    made_on = serializers.DateField()
    received_on = serializers.DateField()
    responder = serializers.SerializerMethodField()
    response_due = serializers.DateField()
    response = serializers.CharField()
    response_text = serializers.CharField()
    responded_on = serializers.DateField()
    response_published_on = serializers.DateField()
    implementation = serializers.CharField()

    def get_responder(self, recommendation) -> str | None:
        return _name(recommendation.responder)


class ConsultationSerializer(serializers.Serializer):
    """A consultation shown to the public: its title, purpose, dates and published outcome; members'
    responses are theirs and never here."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    purpose = serializers.CharField()
    state = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    outcome = serializers.SerializerMethodField()
    outcome_published_at = serializers.DateTimeField()

    def get_outcome(self, consultation) -> str | None:
        return consultation.outcome if consultation.outcome_published_at else None
