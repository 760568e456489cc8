"""`manage.py seed` (run by `make run`): seed content only into an empty archive."""

import io

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from releases.models import PartnerNation, PressRelease, Quote, Topic

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def test_seed_fills_an_empty_archive_and_leaves_the_migrated_nations_alone():
    nations = PartnerNation.objects.count()
    assert seed() == (
        "Seed content: loaded seed_releases; "
        "left alone nations (releases.PartnerNation has rows).\n"
    )
    assert (PressRelease.objects.count(), Quote.objects.count()) == (2, 2)
    assert PartnerNation.objects.count() == nations == 249


def test_seed_fills_empty_nations():
    PartnerNation.objects.all().delete()
    assert seed() == "Seed content: loaded nations, seed_releases.\n"
    assert PartnerNation.objects.count() == 249
    assert PressRelease.objects.count() == 2


def test_seeding_again_keeps_an_editors_change_and_its_versions():
    seed()
    release = PressRelease.objects.get(slug__startswith="2nd-international")
    with reversion.create_revision():
        release.title = "ISEF2, as the editor wrote it"
        release.body = "A body rewritten by the editor."
        release.save()
    versions = list(Version.objects.get_for_object(release).values_list("pk"))
    assert len(versions) == 1

    out = seed()
    release.refresh_from_db()
    assert (release.title, release.body) == (
        "ISEF2, as the editor wrote it",
        "A body rewritten by the editor.",
    )
    assert list(Version.objects.get_for_object(release).values_list("pk")) == versions
    assert out == (
        "Seed content: left alone nations (releases.PartnerNation has rows), "
        "seed_releases (releases.Topic has rows).\n"
    )


def test_seeding_again_does_not_bring_back_a_deleted_seed_release():
    seed()
    PressRelease.objects.get(slug__startswith="2nd-international").delete()
    seed()
    assert PressRelease.objects.count() == 1


def test_seed_leaves_alone_an_archive_that_has_only_topics():
    Topic.objects.create(name_en="Mars", slug="mars", kind=Topic.Kind.THEME, pk=1)
    assert seed().endswith(
        "left alone nations (releases.PartnerNation has rows), "
        "seed_releases (releases.Topic has rows).\n"
    )
    assert list(Topic.objects.values_list("pk", "name_en")) == [(1, "Mars")]
    assert PressRelease.objects.count() == 0


def test_seeding_renews_the_cached_pages(client):
    url = reverse("releases:list")
    assert "ISEF2" not in client.get(url).text
    seed()
    assert "ISEF2" in client.get(url).text
    # The counts kept as data know the seed releases: the filter counts them.
    filtered = client.get(url, {"nation": "AE"}).text
    assert '<p class="result-count" role="status">1 release</p>' in filtered
