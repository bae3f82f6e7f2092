"""A body's standing agenda items: what every one of its meetings starts with."""

from django.db import models
from django.urls import reverse

from council.history import tracked
from members.models import Body

from .agenda import ItemKind


class StandardItem(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="standard_items", verbose_name="committee")
    position = models.PositiveIntegerField("order")
    title = models.CharField("title", max_length=250)
    kind = models.CharField("kind", max_length=20, choices=ItemKind.choices, default=ItemKind.STANDING)
    history = tracked()

    class Meta:
        ordering = ["body", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "title"],
                name="one_standard_item_per_title",
                violation_error_message="The committee already has a standard item with this title",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scrutiny:body-standard-items", args=[self.body.slug])
