"""Cabinet Member decision sessions: a meeting of the Cabinet body at which one Cabinet Member takes
the decisions of their portfolio (docs/decisions/0024-urgency-requests.md). The meeting, its agenda,
notices and packs are scrutiny's, as for any Cabinet meeting; this record says whose decisions they are."""

from django.conf import settings
from django.db import models

from council.history import tracked
from scrutiny.models import Meeting

from .decision_makers import DecisionMaker


class DecisionSession(models.Model):
    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="executive_decision_session", verbose_name="meeting"
    )
    decision_maker = models.ForeignKey(
        DecisionMaker, on_delete=models.PROTECT, related_name="decision_sessions", verbose_name="Cabinet Member"
    )
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    history = tracked()

    class Meta:
        ordering = ["-pk"]
        verbose_name = "Cabinet Member decision session"

    def __str__(self):
        return f"Decision session of the Cabinet Member for {self.decision_maker}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()
