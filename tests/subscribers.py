"""Builders for the distribution tests, and the worker's loop run in-process."""

from unittest import mock

from django_tasks_db.management.commands import db_worker

from distribution.models import Subscriber, SubscriberList


def make_subscriber(
    email="reporter@example.org",
    *,
    status=Subscriber.Status.CONFIRMED,
    language="en",
    nations=(),
    topics=(),
    lists=(),
    **fields,
):
    """Create a subscriber; confirmed, wanting every release, unless told."""
    subscriber = Subscriber.objects.create(
        email=email, status=status, language=language, **fields
    )
    subscriber.nations.set(nations)
    subscriber.topics.set(topics)
    for subscriber_list in lists:
        subscriber_list.members.add(subscriber)
    return subscriber


def make_list(name="Accredited journalists, Japan", members=()):
    subscriber_list = SubscriberList.objects.create(name=name)
    subscriber_list.members.add(*members)
    return subscriber_list


def run_tasks():
    """Run the tasks due now with django-tasks-db's own worker loop, in this
    process (its mails go to the test outbox), until none is left.

    The loop closes old connections between tasks: here it shares the test's
    connection, which must stay open."""
    with mock.patch.object(db_worker, "close_old_connections"):
        _run_worker()


def _run_worker():
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()
