"""Consultation forms: ``owner`` (running a consultation, its reminder times) and ``respond``
(a member's response)."""
