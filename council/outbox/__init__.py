"""The transactional outbox: every email and every task that must follow a change is a database row
written in that change's transaction, handed to Celery after the commit, swept again by the beat
until the broker has taken it, and run at most once by row id (docs/decisions/0039-transactional-outbox.md).

``services.enqueue(task, *args, **kwargs)`` records a row; ``base.OutboxTask`` is the Celery task base
that claims its row before it runs and marks it done after, so a message delivered twice (the sweep
sent it again, or the broker redelivered it) does its work once.
"""
