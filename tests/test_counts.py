"""The counts kept as data (releases/counts.py) equal the plain queries they
replace, after any change made through the models, now and when scheduled
releases come due."""

import datetime
import io
import random
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from releases import counting, counts
from releases.models import (
    PressRelease,
    Quote,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    StoredCount,
    Topic,
)
from staff.reports import build_report, stored_report
from tests.factories import make_release, make_speaker, make_topic

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
NATIONS = ["JP", "IN", "DE", "BR"]
PUBLISHED = PressRelease.Status.PUBLISHED
DRAFT = PressRelease.Status.DRAFT


def plain_counts(language):
    """Return every listing's count, by the queries the pages ran before."""
    public = PressRelease.objects.published().for_language(language)
    figures = {("all", None): public.count()}
    named = ReleaseNation.objects.values_list("nation_id", flat=True)
    for code in {*NATIONS, *named}:
        figures["nation", code] = public.for_nations([code]).count()
    for topic in Topic.objects.all():
        figures["topic", topic.pk] = public.for_topic(topic).count()
    for speaker in Speaker.objects.all():
        figures["speaker", speaker.pk] = public.for_speaker(speaker).count()
    dates = PressRelease.objects.exclude(published_at=None).values_list(
        "published_at", flat=True
    )
    for year in {2025, 2026, 2027, *map(counts.local_year, dates)}:
        figures["year", year] = public.filter(published_at__year=year).count()
    return figures


def stored_counts(language, listings):
    return {listing: counts.public_count(language, *listing) for listing in listings}


def assert_counts_agree():
    for language in ["en", "fr"]:
        plain = plain_counts(language)
        assert stored_counts(language, plain) == plain
        for dimension in ["nation", "topic", "speaker", "year"]:
            assert counts.public_counts(language, dimension) == {
                str(value): count
                for (name, value), count in plain.items()
                if name == dimension and count
            }
    assert stored_report() == build_report(PressRelease.objects.all())


class Editor:
    """Random changes, each made as the site makes them (saves, deletes, links)."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.topics = [make_topic(name) for name in ["Climate", "Mars", "Oceans"]]
        self.speakers = [make_speaker(name) for name in ["Ana", "Ben", "Chloé"]]

    def release(self):
        return self.rng.choice(list(PressRelease.objects.all()) or [self.create()])

    def moment(self):
        """A date in the past, or one still to come (a scheduled release)."""
        days = self.rng.choice([-400, -30, -1, 2, 5, 40])
        return NOW + datetime.timedelta(days=days, minutes=self.rng.randint(0, 60))

    def create(self):
        rng = self.rng
        status = rng.choice([PUBLISHED, PUBLISHED, DRAFT])
        language = rng.choice(["en", "fr"])
        original = None
        if rng.random() < 0.5:
            candidates = PressRelease.objects.exclude(language=language).filter(
                translation_of=None, translated_as=None
            )
            original = rng.choice(list(candidates) or [None])
        release = make_release(
            status=status,
            published_at=self.moment() if status == PUBLISHED else None,
            language=language,
            translation_of=original,
            nations=rng.sample(NATIONS, rng.randint(0, 3)),
            topics=rng.sample(self.topics, rng.randint(0, 2)),
        )
        if rng.random() < 0.5:
            Quote.objects.create(
                release=release, speaker=rng.choice(self.speakers), text="Onwards."
            )
        return release

    def publish(self):
        release = self.release()
        release.status = PUBLISHED
        release.published_at = self.moment()
        release.save()

    def unpublish(self):
        release = self.release()
        release.status = DRAFT
        release.save()

    def edit_text(self):
        release = self.release()
        release.title += " (edited)"
        release.save()

    def change_nations(self):
        release = self.release()
        links = list(release.releasenation_set.all())
        if links and self.rng.random() < 0.5:
            self.rng.choice(links).delete()
        else:
            free = set(NATIONS) - {link.nation_id for link in links}
            if free:
                nation = self.rng.choice(sorted(free))
                ReleaseNation.objects.create(release=release, nation_id=nation)

    def change_topics(self):
        release, topic = self.release(), self.rng.choice(self.topics)
        self.rng.choice(
            [
                lambda: release.topics.add(topic),
                lambda: release.topics.remove(topic),
                lambda: release.topics.clear(),
                lambda: topic.releases.add(release),
                lambda: topic.releases.remove(release),
                lambda: topic.releases.clear(),
            ]
        )()

    def change_speakers(self):
        release, speaker = self.release(), self.rng.choice(self.speakers)
        quote = release.quotes.first()
        choice = self.rng.randrange(4)
        if choice == 0 and quote:
            quote.speaker = speaker
            quote.save()
        elif choice == 1 and quote:
            quote.delete()
        elif choice == 2:
            ReleaseSpeaker.objects.get_or_create(release=release, speaker=speaker)
        else:
            release.speakers.clear()

    def change_translation(self):
        release = self.release()
        if release.translation_of_id:
            release.translation_of = None
        else:
            candidates = PressRelease.objects.exclude(language=release.language)
            candidates = candidates.filter(translation_of=None, translated_as=None)
            release.translation_of = self.rng.choice(list(candidates) or [None])
        release.save()

    def change_language(self):
        release = self.release()
        release.language = "fr" if release.language == "en" else "en"
        release.save()

    def delete(self):
        self.release().delete()

    def step(self):
        changes = [
            self.create,
            self.create,
            self.publish,
            self.unpublish,
            self.edit_text,
            self.change_nations,
            self.change_topics,
            self.change_speakers,
            self.change_translation,
            self.change_language,
            self.delete,
        ]
        self.rng.choice(changes)()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_counts_equal_the_plain_queries_after_random_changes(seed):
    with freeze_time(NOW):
        editor = Editor(seed)
        for _ in range(12):
            editor.create()
        for step in range(60):
            editor.step()
            if step % 6 == 5:
                assert_counts_agree()
        assert_counts_agree()
        assert counting.differences() == []
    for days in [3, 6, 41]:  # scheduled releases come due, with no write
        with freeze_time(NOW + datetime.timedelta(days=days)):
            assert_counts_agree()


def test_a_scheduled_translation_takes_its_originals_place_at_its_time():
    with freeze_time(NOW):
        original = make_release(language="fr", nations=["JP"])
        make_release(
            language="en",
            translation_of=original,
            published_at=NOW + datetime.timedelta(hours=1),
            nations=["JP"],
        )
        assert counts.public_count("en", "nation", "JP") == 1  # the French one
        assert PressRelease.objects.published().for_language("en").get() == original
    with freeze_time(NOW + datetime.timedelta(hours=2)):
        assert counts.public_count("en", "nation", "JP") == 1
        shown = PressRelease.objects.published().for_language("en").get()
        assert shown.language == "en"
        assert counts.public_count("fr") == 1


def test_deleting_a_topic_takes_it_off_the_counts():
    topic = make_topic("Mars")
    make_release(topics=[topic])
    assert counts.public_values("topic") == {"topic": {str(topic.pk)}}
    topic.delete()
    assert counts.public_values("topic") == {"topic": set()}
    assert counting.differences() == []


def test_recount_checks_and_repairs_the_stored_counts(capsys):
    make_release(nations=["JP"])
    call_command("recount", "--check")
    assert capsys.readouterr().out.startswith("The stored counts agree")
    StoredCount.objects.filter(key="en:nation:JP").update(count=5)
    with pytest.raises(CommandError, match="1 stored counts differ from a recount"):
        call_command("recount", "--check")
    assert "en:nation:JP now: stored 5, recounted 1" in capsys.readouterr().err
    call_command("recount")
    assert counts.public_count("en", "nation", "JP") == 1
    call_command("recount", "--check")


def test_imported_releases_are_counted_with_the_links_made_in_bulk():
    folder = Path(__file__).parent / "data" / "importer"
    call_command(
        "import_releases",
        "--publish",
        str(folder / "000_dce3d40c0314292c.txt"),  # with quotes
        str(folder / "en_uk_oneweb.txt"),  # without: links only made in bulk
        stdout=io.StringIO(),
    )
    assert ReleaseNation.objects.exists()
    assert_counts_agree()
    assert counting.differences() == []
