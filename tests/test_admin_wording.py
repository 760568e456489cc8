"""The admin says what happened: each release's state in the list, what a save
did to the publication, the publication log in sentences, in Paris time."""

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from releases.admin import wording
from releases.models import PendingChange, PressRelease, PublicationEvent
from tests.admin_forms import change_form_data
from tests.factories import make_release, make_user, paris

pytestmark = pytest.mark.django_db

DRAFT = PressRelease.Status.DRAFT
NOW = paris(2027, 3, 5, 10)
FAR = paris(2099, 1, 15, 10)


@pytest.fixture
def publisher(client):
    user = make_user("publisher", groups=["Publishers"])
    user.first_name = "Paula"
    user.save()
    client.force_login(user)
    return user


@pytest.fixture
def each_state(publisher):
    """One release in each state, the list's newest first."""
    # Dated, so that the order does not depend on where a database sorts nulls.
    make_release("A draft", status=DRAFT, published_at=paris(2018, 1, 1, 9))
    submitted = make_release(
        "A submitted draft", status=DRAFT, published_at=paris(2018, 6, 1, 9)
    )
    PressRelease.objects.filter(pk=submitted.pk).update(
        submitted_at=NOW, submitted_by=publisher
    )
    make_release("A scheduled release", published_at=FAR)
    make_release("A public release", published_at=paris(2020, 1, 1, 9))
    pending = make_release("A release with changes", published_at=paris(2019, 1, 1))
    PendingChange.objects.create(
        release=pending, author=publisher, data={}, based_on=pending.updated_at
    )


def listed(client, query=""):
    response = client.get(reverse("admin:releases_pressrelease_changelist") + query)
    changelist = response.context["cl"]
    return [
        (release.title, wording.state_label(release))
        for release in changelist.result_list
    ]


def test_the_release_list_labels_each_release_by_its_state(client, each_state):
    assert listed(client) == [
        ("A scheduled release", "Scheduled for 15 January 2099, 10:00"),
        ("A public release", "Published"),
        ("A release with changes", "Changes pending"),
        ("A submitted draft", "Submitted"),
        ("A draft", "Draft"),
    ]
    page = client.get(reverse("admin:releases_pressrelease_changelist")).text
    assert '<td class="field-state">Scheduled for 15 January 2099, 10:00</td>' in page
    assert '<td class="field-state">Changes pending</td>' in page


@pytest.mark.parametrize(
    ("state", "titles"),
    [
        ("draft", ["A submitted draft", "A draft"]),
        ("submitted", ["A submitted draft"]),
        ("scheduled", ["A scheduled release"]),
        ("published", ["A public release", "A release with changes"]),
        ("changes_pending", ["A release with changes"]),
    ],
)
def test_the_release_list_filters_by_state(client, each_state, state, titles):
    assert [title for title, _label in listed(client, f"?state={state}")] == titles


def test_the_state_filter_offers_every_state(client, each_state):
    response = client.get(reverse("admin:releases_pressrelease_changelist"))
    state_filter = next(
        spec for spec in response.context["cl"].filter_specs if spec.title == "state"
    )
    assert [
        choice["display"] for choice in state_filter.choices(response.context["cl"])
    ] == [
        "All",
        "Draft",
        "Submitted",
        "Scheduled",
        "Published",
        "Changes pending",
    ]


def save_publication(client, release, status, day, time):
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    data = change_form_data(
        client.get(url), status=status, published_at_0=day, published_at_1=time
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    return [str(message) for message in client.get(url).context["messages"]]


@freeze_time(NOW)
def test_a_save_says_what_it_did_to_the_publication(client, publisher):
    client.force_login(publisher)  # a session of the frozen time
    release = make_release("Mars rover", status=DRAFT)
    changed = (
        f'The press release “<a href="{release_url(release)}">Mars rover</a>” was '
        "changed successfully."
    )
    assert save_publication(client, release, "published", "2027-03-05", "09:00:00") == [
        "“Mars rover” is now public.",
        changed,
    ]
    assert save_publication(client, release, "published", "2027-03-15", "10:00:00") == [
        "“Mars rover” is scheduled for 15 March 2027, 10:00 (Paris time).",
        changed,
    ]
    assert save_publication(client, release, "published", "2027-03-15", "10:00:00") == [
        changed
    ]
    assert save_publication(client, release, "draft", "2027-03-15", "10:00:00") == [
        "“Mars rover” is back to draft: the public no longer sees it.",
        changed,
    ]


def release_url(release):
    return reverse("admin:releases_pressrelease_change", args=[release.pk])


def test_the_publication_log_reads_as_sentences_in_paris_time(client, publisher):
    release = make_release("Mars rover", status=DRAFT)
    for action, created_at, published_at, user in [
        ("scheduled", paris(2027, 3, 1, 9, 5), paris(2027, 3, 15, 10), publisher),
        ("published", paris(2027, 3, 2, 8, 30), paris(2027, 3, 2, 8, 30), None),
        ("unpublished", paris(2027, 3, 3, 17), None, publisher),
    ]:
        PublicationEvent.objects.create(
            release=release,
            action=action,
            created_at=created_at,
            published_at=published_at,
            created_by=user,
        )
    response = client.get(release_url(release))
    log = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is PublicationEvent
    )
    assert [wording.event_sentence(form.instance) for form in log.formset.forms] == [
        "Returned to draft by Paula on 3 March 2027, 17:00 (Paris time).",
        "Published by an import or another program on 2 March 2027, 08:30 (Paris "
        "time), public from 2 March 2027, 08:30.",
        "Scheduled by Paula on 1 March 2027, 09:05 (Paris time), to become public "
        "on 15 March 2027, 10:00.",
    ]
    assert (
        '<td class="field-sentence"><p>Returned to draft by Paula on 3 March 2027, '
        "17:00 (Paris time).</p></td>"
    ) in response.text.replace("\n", "").replace("  ", "")


def test_the_sentences_are_in_french_too():
    event = PublicationEvent(
        action="scheduled",
        created_at=paris(2027, 3, 1, 9, 5),
        published_at=FAR,
        created_by=None,
    )
    with translation.override("fr"):
        assert wording.event_sentence(event) == (
            "Programmé par un import ou un autre programme le 1 mars 2027, 09:05 "
            "(heure de Paris), pour devenir public le 15 janvier 2099, 10:00."
        )
        release = PressRelease(title="Rover", status="published", published_at=FAR)
        release.has_pending_change = False
        assert (
            wording.state_label(release) == "Programmé pour le 15 janvier 2099, 10:00"
        )


def test_the_state_rule_is_the_same_on_a_release_and_in_a_query(each_state):
    for release in PressRelease.objects.with_review():
        assert (
            PressRelease.objects.in_state(release.state).filter(pk=release.pk).exists()
        ), release.title
        fresh = PressRelease.objects.get(pk=release.pk)
        assert fresh.state == release.state
