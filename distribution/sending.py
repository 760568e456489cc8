"""Send each release once to the subscribers who want it (docs/mail.md).

A release's publication (or its scheduled time) enqueues ``tasks.send_release``
for its story (the original release, with its translation). The task plans a
``Delivery`` per matching subscriber (one per story and subscriber, by a unique
constraint), then claims the due ones in small batches with a conditional
UPDATE, so that two workers never take the same row, and sends each through the
``Postman``. Whatever remains (retries, a worker stopped midway) is taken up by a
follow-up task: there is no cron.
"""

import contextlib
import datetime
import logging
import signal
import threading
import uuid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone, translation

from releases import previews
from releases.models import PressRelease, PreviewLink

from . import emails, links
from .models import Delivery, Subscriber
from .postman import Deferred, Postman, Rejected, Unconfirmed

logger = logging.getLogger(__name__)

BATCH = 50
PLAN_CHUNK = 1000
# Waits before each new attempt after a temporary failure; then the mail fails.
BACKOFF = [60, 5 * 60, 30 * 60, 2 * 60 * 60]
PUBLIC, EMBARGO = "public", "embargo"
State, Kind = Delivery.State, Delivery.Kind

# Set by SIGTERM or SIGINT while a worker sends: finish the message in flight, stop.
stop_requested = threading.Event()


def claim_lease():
    """Return how long a claimed mail belongs to its worker; past it, a claim
    left by a worker that died is taken again."""
    return datetime.timedelta(seconds=settings.MAIL_CLAIM_LEASE)


def story_pk(release):
    return release.translation_of_id or release.pk


def versions(story):
    """Return the release of a story and its translation."""
    return PressRelease.objects.filter(Q(pk=story) | Q(translation_of=story))


def enqueue(story, run_after=None):
    from .tasks import send_release  # tasks.py imports this module

    task = (
        send_release if run_after is None else send_release.using(run_after=run_after)
    )
    return task.enqueue(story)


def publication_changed(release_pk):
    """Enqueue the sending of a release that was published or rescheduled, for
    its time. Called once the change is committed (releases.publishing).

    A release whose publication date is more than MAIL_NEWS_DAYS old is the
    archive, not news (a release of 2018 imported with --publish, say): it is
    not mailed.
    """
    release = PressRelease.objects.filter(pk=release_pk).first()
    if release is None or release.status != PressRelease.Status.PUBLISHED:
        return None
    if is_archive(release):
        logger.info(
            "Release %s is dated %s: archive, not mailed.",
            release.pk,
            release.published_at.date(),
        )
        return None
    run_after = release.published_at if release.is_scheduled() else None
    return enqueue(story_pk(release), run_after)


def is_archive(release):
    """Tell whether a release's publication date is too old for it to be news."""
    news_days = datetime.timedelta(days=settings.MAIL_NEWS_DAYS)
    return release.published_at < timezone.now() - news_days


def recover():
    """Enqueue the sending of every story with mails left to send: a worker that
    was stopped or killed leaves them queued (or claimed, until the lease ends)."""
    stories = (
        Delivery.objects.filter(state__in=[State.QUEUED, State.SENDING])
        .order_by()
        .values_list("release", flat=True)
        .distinct()
    )
    for story in stories:
        enqueue(story)


def mode(story):
    """Return PUBLIC when a version of the story is public, EMBARGO when one is
    scheduled, else None (nothing may be sent)."""
    if versions(story).published().exists():
        return PUBLIC
    if versions(story).scheduled().exists():
        return EMBARGO
    return None


def plan_publication(story):
    """Create a queued delivery for each confirmed subscriber who wants the story
    and has none yet; return how many. Reads subscribers by pages of PLAN_CHUNK."""
    public = versions(story).published()
    wanted = (
        Subscriber.objects.confirmed()
        .interested_in(public)
        .exclude(deliveries__release=story)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    planned, last = 0, 0
    while page := list(wanted.filter(pk__gt=last)[:PLAN_CHUNK]):
        created = Delivery.objects.bulk_create(
            [Delivery(release_id=story, subscriber_id=pk) for pk in page],
            ignore_conflicts=True,
        )
        planned += len(created)
        last = page[-1]
    return planned


def plan_embargo(release, lists, user):
    """Plan the embargoed pre-send of a scheduled ``release`` to the confirmed
    members of ``lists``, and enqueue it once committed; return how many
    recipients are new (the others had it already)."""
    story = story_pk(release)
    members = (
        Subscriber.objects.confirmed()
        .filter(lists__in=lists)
        .exclude(deliveries__release=story)
        .distinct()
        .values_list("pk", flat=True)
    )
    created = Delivery.objects.bulk_create(
        [
            Delivery(
                release_id=story, subscriber_id=pk, kind=Kind.EMBARGO, created_by=user
            )
            for pk in members
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(partial(enqueue, story), robust=True)
    return len(created)


def _queued(story, kinds, now):
    return Delivery.objects.filter(
        release=story, kind__in=kinds, state=State.QUEUED, next_attempt_at__lte=now
    )


def _abandoned(story, kinds, now):
    """Return the mails claimed by a worker longer ago than the lease: it died."""
    return Delivery.objects.filter(
        release=story,
        kind__in=kinds,
        state=State.SENDING,
        claimed_at__lt=now - claim_lease(),
    )


def claim(story, kinds):
    """Take up to BATCH due deliveries for this worker; return them.

    The queued ones come first, in the order of the index on (release, state,
    next_attempt_at), so each claim reads only the rows it takes, however many
    were sent before.
    """
    now = timezone.now()
    queued, abandoned = _queued(story, kinds, now), _abandoned(story, kinds, now)
    pks = list(queued.order_by("next_attempt_at").values_list("pk", flat=True)[:BATCH])
    if len(pks) < BATCH:
        pks += abandoned.values_list("pk", flat=True)[: BATCH - len(pks)]
    if not pks:
        return []
    token = uuid.uuid4()
    # The UPDATE checks again that each row is due: a row another worker took
    # in between is left to it.
    Delivery.objects.filter(pk__in=pks).filter(
        Q(state=State.QUEUED, next_attempt_at__lte=now)
        | Q(state=State.SENDING, claimed_at__lt=now - claim_lease())
    ).update(state=State.SENDING, claim=token, claimed_at=now)
    return list(
        Delivery.objects.filter(claim=token)
        .select_related("subscriber", "created_by")
        .order_by("pk")
    )


@contextlib.contextmanager
def stopping_on_signals():
    """While sending in a worker's main thread, let SIGTERM and SIGINT ask the
    loop to stop after the message in flight (and then the worker's own
    handler run)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum, frame):
        stop_requested.set()
        handler_before = previous[signum]
        if callable(handler_before):
            handler_before(signum, frame)

    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, handler_before in previous.items():
            signal.signal(signum, handler_before)


class Sender:
    """Send the due deliveries of one story."""

    def __init__(self, story, postman):
        self.story = story
        self.postman = postman
        self.counts = {State.SENT: 0, State.FAILED: 0, State.QUEUED: 0}

    def run(self):
        while not stop_requested.is_set():
            self.mode = mode(self.story)
            if self.mode is None:
                break
            kinds = [Kind.EMBARGO] if self.mode == EMBARGO else Kind.values
            batch = claim(self.story, kinds)
            if not batch:
                break
            self.versions = {
                version.pk: version
                for version in (
                    emails.load_version(pk)
                    for pk in versions(self.story).values_list("pk", flat=True)
                )
            }
            self.mails = {}
            for delivery in batch:
                if stop_requested.is_set():
                    self.give_back(delivery)
                else:
                    self.send(delivery)
        return self.counts

    def choose_version(self, language):
        """Return the version for a reader of ``language``: theirs if it can be
        sent, else the original, else the translation."""
        if self.mode == PUBLIC:
            fit = [v for v in self.versions.values() if v.is_published()]
        else:
            fit = [v for v in self.versions.values() if v.is_scheduled()]
        fit.sort(key=lambda v: (v.language != language, v.pk != self.story))
        return fit[0]

    def give_back(self, delivery):
        Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
            state=State.QUEUED, claim=None, claimed_at=None
        )

    def send(self, delivery):
        subscriber = delivery.subscriber
        if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
            Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
                state=State.CANCELLED, claim=None
            )
            return
        version = self.choose_version(subscriber.language)
        link = preview_url = None
        if self.mode == EMBARGO:
            link = PreviewLink(release=version, expires_at=version.published_at)
            signed = previews.issue(link, delivery.created_by)
            with translation.override(subscriber.language):
                preview_url = links.absolute(previews.preview_url(signed))
        key = (version.pk, subscriber.language, self.mode)
        if key not in self.mails:
            self.mails[key] = emails.ReleaseMail(
                version, subscriber.language, embargo=self.mode == EMBARGO
            )
        data = None
        if self.postman.is_smtp:
            data = self.mails[key].to_smtp(delivery, preview_url)
        message = self.mails[key].to(delivery, preview_url)
        mine = Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim)

        def handing_over():
            return bool(
                mine.filter(state=State.SENDING).update(
                    state=State.SENT,
                    sent_at=timezone.now(),
                    version=version,
                    kind=Kind.EMBARGO if link else Kind.PUBLICATION,
                    error="",
                )
            )

        try:
            if self.postman.deliver(message, handing_over, data):
                mine.update(accepted_at=timezone.now(), claim=None)
                self.counts[State.SENT] += 1
            return
        except Unconfirmed as error:
            mine.update(error=str(error), claim=None)
            self.counts[State.SENT] += 1
            return
        except Deferred as error:
            self.retry_later(delivery, mine, error)
        except Rejected as error:
            mine.update(
                state=State.FAILED, error=str(error), attempts=F("attempts") + 1
            )
            self.counts[State.FAILED] += 1
        if link is not None:
            previews.revoke(PreviewLink.objects.filter(pk=link.pk), None)

    def retry_later(self, delivery, mine, error):
        attempt = delivery.attempts + 1
        if attempt > len(BACKOFF):
            mine.update(state=State.FAILED, error=str(error), attempts=attempt)
            self.counts[State.FAILED] += 1
            return
        logger.warning("Mail %s deferred: %s", delivery.pk, error)
        mine.update(
            state=State.QUEUED,
            error=str(error),
            attempts=attempt,
            claim=None,
            next_attempt_at=timezone.now()
            + datetime.timedelta(seconds=BACKOFF[attempt - 1]),
        )
        self.counts[State.QUEUED] += 1


def next_due(story):
    """Return when mails of the story left for later become due, or None."""
    kinds = [Kind.EMBARGO] if mode(story) == EMBARGO else Kind.values
    pending = Delivery.objects.filter(release=story, kind__in=kinds)
    queued = pending.filter(state=State.QUEUED).aggregate(at=Min("next_attempt_at"))
    claimed = pending.filter(state=State.SENDING).aggregate(at=Min("claimed_at"))
    times = [queued["at"]]
    if claimed["at"] is not None:
        times.append(claimed["at"] + claim_lease())
    times = [at for at in times if at is not None]
    return min(times) if times else None


def send_story(story):
    """Plan and send the mails of a story; return what happened to them."""
    if mode(story) == PUBLIC:
        plan_publication(story)
    with stopping_on_signals(), Postman() as postman:
        counts = Sender(story, postman).run()
    if stop_requested.is_set():
        enqueue(story)
    elif mode(story) is not None and (at := next_due(story)) is not None:
        enqueue(story, at if at > timezone.now() else None)
    return {str(state): count for state, count in counts.items()}
