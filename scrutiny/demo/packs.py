"""Demo agenda packs: built through the pack engine's synchronous build (the same service the Celery
task runs) for the Strategic Commissioning meeting and the latest published meeting of Council,
Cabinet and the Social and Community committee, so a newcomer can download them at once
(unless ``DEMO_BUILD_PACKS`` is off, as in the tests that do not check them); and the minutes PDF
of the Strategic Commissioning meeting (``minutes_pack``), each edition it has.

Only a few meetings, to keep ``load_demo`` quick; the others can be built from their meeting pages.
Loading again builds nothing new: an edition that has a version already is left as it is.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from council.packs import services as pack_services
from members import access as members_access

from .. import minutes_pack, packs
from ..models import Meeting, PublicationKind
from .meetings import SOURCE_MEETING

#: Besides the Strategic Commissioning meeting: the latest published meeting of each of these.
OTHER_BODIES = ("council", "cabinet", "social-and-community-overview-and-scrutiny-committee")


def demo_meetings() -> list[Meeting]:
    published = Meeting.objects.filter(publications__kind=PublicationKind.AGENDA).select_related("body")
    slug, day = SOURCE_MEETING
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    found = list(published.filter(body__slug=slug, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(1)))
    for other in OTHER_BODIES:
        latest = published.filter(body__slug=other).order_by("-starts_at").first()
        if latest is not None:
            found.append(latest)
    return found


def load():

    if not settings.DEMO_BUILD_PACKS:
        return []

    for index, meeting in enumerate(demo_meetings()):
        clerk = members_access.clerks_of(meeting.body).first()
        if clerk is None:
            continue
        kinds = [packs] if index else [packs, minutes_pack]  # the minutes of the source meeting only
        for kind in kinds:
            for edition in kind.editions(meeting):
                if pack_services.latest_version(kind.KIND, meeting, edition) is None:
                    pack_services.build_now(kind.KIND, meeting, edition, by=clerk)
    return []
