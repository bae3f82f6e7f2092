"""Reads for the executive's pages, feeds and reports: one place that decides what a page loads."""

from .decisions import decisions_for_list, special_urgency_report
from .forward_plan import current_forward_plan, editions_for_list

__all__ = ["current_forward_plan", "decisions_for_list", "editions_for_list", "special_urgency_report"]
