"""Run the background worker: django-tasks-db's db_worker, which first enqueues
again the mails a stopped or killed worker left unsent."""

from django_tasks_db.management.commands import db_worker

from distribution import sending


class Command(db_worker.Command):
    help = (
        "Run the background worker that sends the mails (and any other task). "
        "SIGTERM or Ctrl-C stops it after the message in flight."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Reloading would stop a send abruptly; restart the worker by hand.
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        sending.recover()
        return super().handle(*args, **options)
