"""Who may open which page: every admin page of our models, every page of the
staff workspace and the embargo preview, for each role, in one table."""

import datetime
from types import SimpleNamespace

import pytest
import reversion
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from releases import previews
from releases.models import PressRelease, PreviewLink
from tests.factories import (
    make_contact,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "publisher", "staff reader", "superuser"]
LOGIN = "login"
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


def admin(name, *args):
    return lambda world: reverse(
        f"admin:releases_{name}", args=[a(world) for a in args]
    )


def draft(world):
    return world.draft.pk


def public(world):
    return world.public.pk


def draft_version(world):
    return world.draft_version.pk


def each(model_name):
    return lambda world: getattr(world, model_name).pk


# Each row: the page, then what anonymous, an editor, a publisher, a staff reader
# and a superuser get.
TABLE = {
    "release list": (
        admin("pressrelease_changelist"),
        (LOGIN, OK, OK, OK, OK),
    ),
    "release add": (admin("pressrelease_add"), (LOGIN, OK, OK, FORBIDDEN, OK)),
    "draft change": (
        admin("pressrelease_change", draft),
        (LOGIN, OK, OK, OK, OK),
    ),
    "draft delete": (
        admin("pressrelease_delete", draft),
        (LOGIN, OK, OK, FORBIDDEN, OK),
    ),
    "published delete": (
        admin("pressrelease_delete", public),
        (LOGIN, FORBIDDEN, OK, FORBIDDEN, OK),
    ),
    "release history": (
        admin("pressrelease_history", draft),
        (LOGIN, OK, OK, OK, OK),
    ),
    "release version": (
        admin("pressrelease_revision", draft, draft_version),
        (LOGIN, OK, OK, OK, OK),
    ),
    "release version changes": (
        admin("pressrelease_changes", draft, draft_version),
        (LOGIN, OK, OK, OK, OK),
    ),
    "deleted releases": (
        admin("pressrelease_recoverlist"),
        (LOGIN, OK, OK, FORBIDDEN, OK),
    ),
    "recover a release": (
        admin("pressrelease_recover", lambda world: world.deleted_version.pk),
        (LOGIN, OK, OK, FORBIDDEN, OK),
    ),
    "import": (admin("pressrelease_import"), (LOGIN, OK, OK, FORBIDDEN, OK)),
    "nation autocomplete": (
        lambda world: (
            reverse("admin:autocomplete")
            + "?app_label=releases&model_name=releasenation&field_name=nation&term=ja"
        ),
        (LOGIN, OK, OK, OK, OK),
    ),
    "preview link list": (
        admin("previewlink_changelist"),
        (LOGIN, FORBIDDEN, OK, FORBIDDEN, OK),
    ),
    "preview link add": (
        admin("previewlink_add"),
        (LOGIN, FORBIDDEN, OK, FORBIDDEN, OK),
    ),
    "preview link change": (
        admin("previewlink_change", lambda world: world.links["valid"].pk),
        (LOGIN, FORBIDDEN, OK, FORBIDDEN, OK),
    ),
    "preview link delete": (
        admin("previewlink_delete", lambda world: world.links["valid"].pk),
        (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ),
    "nation list": (
        admin("partnernation_changelist"),
        (LOGIN, OK, OK, OK, OK),
    ),
    "nation add": (
        admin("partnernation_add"),
        (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    "nation change": (
        admin("partnernation_change", lambda world: "JP"),
        (LOGIN, OK, OK, OK, OK),
    ),
    "nation delete": (
        admin("partnernation_delete", lambda world: "JP"),
        (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    ),
    "nation history": (
        admin("partnernation_history", lambda world: "JP"),
        (LOGIN, OK, OK, OK, OK),
    ),
    **{
        f"{model} {page}": (
            admin(f"{model}_{page}", *([each(model)] if page != "changelist" else [])),
            expected,
        )
        for model in ("topic", "speaker", "contact")
        for page, expected in [
            ("changelist", (LOGIN, OK, OK, OK, OK)),
            ("change", (LOGIN, OK, OK, OK, OK)),
            ("delete", (LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)),
            ("history", (LOGIN, OK, OK, OK, OK)),
        ]
    },
    **{
        f"{model} add": (admin(f"{model}_add"), (LOGIN, OK, OK, FORBIDDEN, OK))
        for model in ("topic", "speaker", "contact")
    },
    **{
        f"staff {name}": (
            lambda world, name=name, kwargs=kwargs: reverse(
                f"staff:{name}", kwargs=kwargs
            ),
            (LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
        )
        for name, kwargs in [
            ("index", {}),
            ("search", {}),
            ("search_csv", {}),
            ("report", {}),
            ("report_csv", {}),
            ("nation_timeline", {"code": "jp"}),
        ]
    },
    **{
        f"{state} preview link": (
            lambda world, state=state: world.preview_paths[state],
            (expected,) * len(ROLES),
        )
        for state, expected in [
            ("valid", OK),
            ("expired", NOT_FOUND),
            ("revoked", NOT_FOUND),
            ("forged", NOT_FOUND),
        ]
    },
}


@pytest.fixture
def world():
    now = timezone.now()
    world = SimpleNamespace(
        draft=make_release("Draft", status=PressRelease.Status.DRAFT, nations=["JP"]),
        public=make_release("Public", nations=["JP"]),
        topic=make_topic(),
        speaker=make_speaker(),
        contact=make_contact(),
    )
    with reversion.create_revision():
        reversion.add_to_revision(world.draft)
    world.draft_version = Version.objects.get_for_object(world.draft).get()
    gone = make_release("Deleted", status=PressRelease.Status.DRAFT)
    with reversion.create_revision():
        reversion.add_to_revision(gone)
    gone.delete()
    world.deleted_version = Version.objects.get_deleted(PressRelease).get()
    world.links, world.preview_paths = {}, {}
    for state, created_at, expires_at in [
        ("valid", now, now + datetime.timedelta(days=7)),
        ("expired", now - datetime.timedelta(days=8), now - datetime.timedelta(1)),
        ("revoked", now, now + datetime.timedelta(days=7)),
    ]:
        link = PreviewLink(
            release=world.draft, created_at=created_at, expires_at=expires_at
        )
        world.preview_paths[state] = previews.preview_url(previews.issue(link, None))
        world.links[state] = link
    previews.revoke(PreviewLink.objects.filter(pk=world.links["revoked"].pk), None)
    world.preview_paths["forged"] = world.preview_paths["valid"][:-6] + "AAAAA/"
    world.users = {
        "anonymous": AnonymousUser(),
        "editor": make_user("editor", groups=["Editors"]),
        "publisher": make_user("publisher", groups=["Publishers"]),
        "staff reader": make_user("reader", groups=["Staff readers"]),
        "superuser": make_user("root", is_superuser=True),
    }
    return world


def outcome(client, user, url):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(url)
    if response.status_code == 302:
        login = reverse("admin:login") + "?next="
        return LOGIN if response["Location"].startswith(login) else response["Location"]
    return response.status_code


@pytest.mark.parametrize("page", TABLE)
def test_each_role_gets_exactly_the_expected_answer(client, world, page):
    url_of, expected = TABLE[page]
    url = url_of(world)
    answers = {role: outcome(client, world.users[role], url) for role in ROLES}
    assert answers == dict(zip(ROLES, expected, strict=True))
