"""The sitemap of the public record (``/sitemap.xml``): the pages anyone may read, asked of each
app's own rule for the public (an anonymous person), so nothing a crawler may not open is listed.

Addresses are built from ``SITE_URL``, like the canonical links in ``base.html``, whatever host the
request came in on. One query per section, however many rows.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from executive import access as executive_access
from members import access as members_access
from members.consultations.selectors.public import public_consultations
from scrutiny.selectors import meetings_visible_to

PUBLIC = AnonymousUser()


class PublicSitemap(Sitemap):
    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class PagesSitemap(PublicSitemap):
    """The public record's front pages: the home, its lists and the accessibility statement."""

    priority = 0.8
    changefreq = "daily"

    def items(self):
        return [
            "record:home",
            "members:body-list",
            "members:councillor-list",
            "scrutiny:meeting-list",
            "executive:forward-plan",
            "executive:decision-list",
            "executive:officer-decision-list",
            "members:consultation-public-list",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class CommitteesSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return members_access.bodies_visible(PUBLIC).order_by("name").only("slug")


class MeetingsSitemap(PublicSitemap):
    """Meetings of public bodies whose agenda has been published."""

    changefreq = "weekly"

    def items(self):
        return (
            meetings_visible_to(PUBLIC).filter(publications__isnull=False).distinct().order_by("starts_at").only("pk")
        )


class CouncillorsSitemap(PublicSitemap):
    """Councillors shown on the public pages, serving or former."""

    changefreq = "monthly"

    def items(self):
        return members_access.councillors_visible(PUBLIC).select_related(None).order_by("pk").only("pk")


class ForwardPlanSitemap(PublicSitemap):
    """Forward plan entries that have been in a published edition."""

    changefreq = "weekly"

    def items(self):
        return executive_access.entries_visible(PUBLIC).order_by("pk").only("pk")


class DecisionsSitemap(PublicSitemap):
    """Executive decisions whose notice is published."""

    changefreq = "monthly"

    def items(self):
        return executive_access.decisions_visible(PUBLIC).order_by("pk").only("pk", "notice_published_on")

    def lastmod(self, decision):
        return decision.notice_published_on


class ConsultationsSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return public_consultations().order_by("pk")

    def location(self, consultation):
        return reverse("members:consultation-public", args=[consultation.pk])


SITEMAPS = {
    "pages": PagesSitemap,
    "committees": CommitteesSitemap,
    "meetings": MeetingsSitemap,
    "councillors": CouncillorsSitemap,
    "forward-plan": ForwardPlanSitemap,
    "decisions": DecisionsSitemap,
    "consultations": ConsultationsSitemap,
}
