"""Member consultations: the audience, the owner's work, members' responses and reminders.

The one shape of an app: ``services/`` (writes: the consultation, its questions and documents,
members' responses, its emails), ``selectors/`` (reads: the audience, deadlines, the owner's
list, tracker and summary, a member's answers and their history, a member's consultations, the
dashboard panels, the printable summary), ``forms/`` and ``views/`` (``owner``, ``respond``,
``reminders``), ``access`` (who may do what), ``tasks`` (emails, and opening and closing at their
times, by Celery beat) and ``demo``. The models are in ``members.models``.
"""
