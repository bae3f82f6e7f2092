"""The Celery task base for tasks sent through the outbox."""

from celery import Task

from . import services


class OutboxTask(Task):
    """Runs its row's task once: claims the row (``services.claim``) before running and marks it done
    after. A message for a row already done, or running elsewhere within its lease, does nothing.
    Called without a row (straight from the beat, a test or a shell) it simply runs."""

    abstract = True
    typing = False  # the dispatcher adds the row's id as a keyword the task's own signature lacks

    def __call__(self, *args, **kwargs):
        message_id = kwargs.pop(services.OUTBOX_KWARG, None)
        if message_id is None:
            return super().__call__(*args, **kwargs)
        claimed_at = services.claim(message_id)
        if claimed_at is None:
            return None
        try:
            result = super().__call__(*args, **kwargs)
        except Exception as error:  # a retry too: the row goes back to the sweep, claimed by whichever comes first
            services.release(message_id, claimed_at, error)
            raise
        services.finish(message_id, claimed_at)
        return result
