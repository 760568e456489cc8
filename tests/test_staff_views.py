import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from releases.models import PressRelease
from staff import views
from tests.factories import STAFF_READERS, make_release, make_topic, make_user, paris

pytestmark = pytest.mark.usefixtures("mid_june_2025")
PAGES = [
    ("staff:index", {}),
    ("staff:search", {}),
    ("staff:search_csv", {}),
    ("staff:report", {}),
    ("staff:report_csv", {}),
    ("staff:nation_timeline", {"code": "JP"}),
]


@pytest.fixture
def releases(db):
    make_release(
        "Japan and France sign",
        slug="japan-france",
        published_at=paris(2015, 3, 2, 10),
        nations=[("JP", "partner")],
    )
    make_release(
        "India and Japan",
        slug="india-japan",
        published_at=paris(2020, 5, 5, 9),
        nations=[("IN", "new_entrant"), ("JP", "")],
    )
    make_release(
        "Draft about India",
        slug="draft-india",
        status=PressRelease.Status.DRAFT,
        nations=["IN"],
    )
    make_release(
        "Scheduled with Japan",
        slug="scheduled-japan",
        published_at=paris(2025, 7, 1, 9),
        nations=["JP", "US"],
    )


def rows(response):
    return [(release.title, str(state)) for release, state in response.context["rows"]]


# Who may enter


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_is_sent_to_the_login_page(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_user_without_the_permission_is_refused(client, db, name, kwargs):
    client.force_login(make_user())
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_editor_is_refused(client, db, name, kwargs):
    client.force_login(make_user(groups=["Editors"]))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_staff_reader_may_enter(client, reader, name, kwargs):
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_editor_who_is_also_a_staff_reader_may_enter(client, db, name, kwargs):
    client.force_login(make_user(groups=["Editors", STAFF_READERS]))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_superuser_may_enter(client, db, name, kwargs):
    client.force_login(make_user(is_superuser=True))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_staff_readers_may_use_the_workspace_and_view_releases(db):
    group = Group.objects.get(name=STAFF_READERS)
    assert sorted(
        group.permissions.values_list("content_type__app_label", "codename")
    ) == [
        ("releases", "view_contact"),
        ("releases", "view_document"),
        ("releases", "view_image"),
        ("releases", "view_partnernation"),
        ("releases", "view_pressrelease"),
        ("releases", "view_publicationevent"),
        ("releases", "view_quote"),
        ("releases", "view_releasecontact"),
        ("releases", "view_releasedocument"),
        ("releases", "view_releaseimage"),
        ("releases", "view_releasenation"),
        ("releases", "view_releasespeaker"),
        ("releases", "view_speaker"),
        ("releases", "view_topic"),
        ("staff", "use_workspace"),
    ]


def test_editors_do_not_get_the_workspace_permission(db):
    group = Group.objects.get(name="Editors")
    assert not group.permissions.filter(codename="use_workspace").exists()


def test_staff_pages_are_neither_indexed_nor_cached(client, reader):
    response = client.get(reverse("staff:search"))
    assert response["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
    assert '<meta name="robots" content="noindex, nofollow">' in (
        response.content.decode()
    )


@pytest.mark.parametrize("name", ["releases:home", "releases:list"])
def test_public_pages_do_not_link_to_the_workspace(client, db, name):
    response = client.get(reverse(name))
    assert reverse("staff:index") not in response.content.decode()


# Search


def test_search_lists_every_release_with_its_status(client, reader, releases):
    response = client.get(reverse("staff:search"))
    assert rows(response) == [
        ("Scheduled with Japan", "scheduled"),
        ("India and Japan", "published"),
        ("Japan and France sign", "published"),
        ("Draft about India", "draft"),
    ]
    assertions = [
        '<p class="result-count" role="status">4 releases</p>',
        '<span class="state state-scheduled">Scheduled</span>',
        '<span class="state state-draft">Draft</span>',
    ]
    for html in assertions:
        assert html in response.content.decode()


def test_search_links_published_releases_publicly_and_others_to_the_admin(
    client, reader, releases
):
    content = client.get(reverse("staff:search") + "?nation=IN").content.decode()
    draft = PressRelease.objects.get(slug="draft-india")
    assert '<a href="/releases/india-japan/">India and Japan</a>' in content
    assert (
        f'<a href="/admin/releases/pressrelease/{draft.pk}/change/">'
        "Draft about India</a>" in content
    )


def test_search_shows_the_partnership_of_each_nation(client, reader, releases):
    content = client.get(reverse("staff:search") + "?q=india+japan").content.decode()
    assert (
        '<a href="/staff/nations/in/">India</a> <span class="category">'
        '(New entrant)</span>, <a href="/staff/nations/jp/">Japan</a></td>'
    ) in content


def test_search_filters_and_sorts_from_the_address(client, reader, releases):
    response = client.get(
        reverse("staff:search") + "?nation=jp&nation=in&match=all&ordering=title"
    )
    assert rows(response) == [("India and Japan", "published")]
    response = client.get(reverse("staff:search") + "?nation=JP&ordering=title")
    assert rows(response) == [
        ("India and Japan", "published"),
        ("Japan and France sign", "published"),
        ("Scheduled with Japan", "scheduled"),
    ]


def test_column_headers_toggle_the_order_and_keep_the_filters(client, reader, releases):
    content = client.get(
        reverse("staff:search") + "?nation=JP&ordering=title&page=1"
    ).content.decode()
    assert '<th scope="col" aria-sort="none">' in content
    assert '<a href="?nation=JP&amp;ordering=-date">Date</a>' in content
    assert '<th scope="col" aria-sort="ascending">' in content
    assert '<a href="?nation=JP&amp;ordering=-title">Title</a>' in content


def test_search_keeps_the_public_archive_parameters(client, reader, releases):
    query = "?nation=jp&year=2020&q=india"
    public = client.get(reverse("releases:list") + query)
    staff = client.get(reverse("staff:search") + query)
    assert [r.title for r in public.context["object_list"]] == ["India and Japan"]
    assert rows(staff) == [("India and Japan", "published")]


def test_search_paginates(client, reader, releases, monkeypatch):
    monkeypatch.setattr(views.SearchView, "paginate_by", 3)
    response = client.get(reverse("staff:search") + "?page=2")
    assert rows(response) == [("Draft about India", "draft")]
    content = response.content.decode()
    assert '<a rel="prev" href="?page=1">Previous page</a>' in content
    assert "<span>Page 2 of 2</span>" in content


@pytest.mark.parametrize("page", ["3", "0", "abc"])
def test_page_that_does_not_exist_shows_an_error_and_no_release(
    client, reader, releases, monkeypatch, page
):
    monkeypatch.setattr(views.SearchView, "paginate_by", 3)
    response = client.get(reverse("staff:search") + f"?nation=IN&page={page}")
    assert response.status_code == 200
    assert rows(response) == []
    content = response.content.decode()
    assert "There is no such page: this search has 1 page." in content
    assert '<a href="?nation=IN">Go to the first page</a>' in content
    assert '<p class="result-count" role="status">2 releases</p>' in content


def test_unknown_nation_shows_an_error_and_no_release(client, reader, releases):
    response = client.get(reverse("staff:search") + "?nation=XX&nation=JP")
    assert response.status_code == 200
    assert rows(response) == []
    content = response.content.decode()
    assert (
        "<li>Partner nations: Select a valid choice. XX is not one of the "
        "available choices.</li>"
    ) in content
    assert '<p class="result-count" role="status">0 releases</p>' in content
    assert reverse("staff:search_csv") not in content


def test_inverted_period_shows_an_error_and_no_release(client, reader, releases):
    response = client.get(
        reverse("staff:search")
        + "?published_after=2020-01-02&published_before=2020-01-01"
    )
    assert rows(response) == []
    assert (
        "<li>Published on or before: The end of the period is before its start.</li>"
        in response.content.decode()
    )


def test_search_links_to_the_csv_of_the_same_search(client, reader, releases):
    content = client.get(
        reverse("staff:search") + "?nation=JP&ordering=title&page=1"
    ).content.decode()
    assert 'href="/staff/search.csv?nation=JP&amp;ordering=title"' in content


def make_many(count):
    topic = make_topic("Climate")
    for number in range(count):
        make_release(
            published_at=paris(2010 + number % 9, 1 + number % 12, 10, 9),
            status=PressRelease.Status.DRAFT
            if number % 5 == 4
            else PressRelease.Status.PUBLISHED,
            nations=[["JP", "US", "IN", "AE", "FR"][number % 5], "DE"],
            topics=[topic],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_search_page_takes_a_fixed_number_of_queries(
    client, reader, django_assert_num_queries, count
):
    """Session, user, 2 permissions; nation and topic checks; the content version
    and the counts of the nations' public releases, stored and timed (which
    choose how to find the releases naming a nation, once per version); count,
    page, nations; then the nation, topic and speaker choices of the form."""
    make_many(count)
    with django_assert_num_queries(17):
        response = client.get(reverse("staff:search") + "?nation=DE&topic=climate")
    assert len(response.context["rows"]) == count


# Report and timeline


def test_report_gives_figures_tables_and_charts(client, reader, releases):
    response = client.get(reverse("staff:report"))
    content = response.content.decode()
    assert response.context["report"].total == 4
    expected = [
        '<p class="result-count" role="status">4 releases</p>',
        '<svg class="bar-chart" role="img" '
        'aria-labelledby="chart-years-title chart-years-desc"',
        '<title id="chart-years-title">Releases per year</title>',
        '<title id="chart-nations-title">Nations most often named</title>',
        '<tr><th scope="row">2020</th><td>1</td></tr>',
        '<tr><th scope="row">Undated</th><td>1</td></tr>',
        '<a href="/staff/nations/jp/?">Japan</a>',
        '<th scope="col">2015</th>',
        '<a class="button" href="/staff/report.csv?">',
    ]
    for html in expected:
        assert html in content
    assert "<script" not in content


def test_report_over_a_period(client, reader, releases):
    response = client.get(
        reverse("staff:report") + "?published_after=2016-01-01&status=published"
    )
    report = response.context["report"]
    assert (report.total, [f.nation.code for f in report.nations]) == (
        1,
        ["IN", "JP"],
    )
    assert '<a href="/staff/nations/in/?published_after=2016-01-01&amp;status=' in (
        response.content.decode()
    )


def test_report_with_inverted_period_is_empty_with_an_error(client, reader, releases):
    response = client.get(
        reverse("staff:report")
        + "?published_after=2020-01-02&published_before=2020-01-01"
    )
    assert response.context["report"].total == 0
    content = response.content.decode()
    assert "The end of the period is before its start." in content
    assert "No release in this period." in content


@pytest.mark.parametrize("count", [3, 30])
def test_report_page_takes_a_fixed_number_of_queries(
    client, reader, django_assert_num_queries, count
):
    """Session, user and 2 permissions, the staff version, then the 5 queries of
    the report's stored figures the first time after a change, and no more until
    the next."""
    make_many(count)
    with django_assert_num_queries(10):
        response = client.get(reverse("staff:report"))
    assert response.context["report"].total == count
    with django_assert_num_queries(5):
        response = client.get(reverse("staff:report"))
    assert response.context["report"].total == count


def test_report_follows_each_change_at_once(client, reader, releases):
    url = reverse("staff:report")
    assert client.get(url).context["report"].total == 4
    make_release("New", published_at=paris(2024, 1, 1, 9), nations=["BR"])
    report = client.get(url).context["report"]
    assert report.total == 5
    assert "BR" in [figures.nation.code for figures in report.nations]
    assert client.get(url + "?status=scheduled").context["report"].total == 1


def test_nation_timeline_lists_releases_oldest_first(client, reader, releases):
    response = client.get(reverse("staff:nation_timeline", kwargs={"code": "jp"}))
    assert rows(response) == [
        ("Japan and France sign", "published"),
        ("India and Japan", "published"),
        ("Scheduled with Japan", "scheduled"),
    ]
    figures = response.context["figures"]
    assert (figures.total, figures.first_at, figures.latest_at) == (
        3,
        paris(2015, 3, 2, 10),
        paris(2025, 7, 1, 9),
    )
    content = response.content.decode()
    assert "<h1>Japan: timeline</h1>" in content
    assert (
        '<title id="chart-timeline-title">Releases naming Japan, per year</title>'
        in (content)
    )
    assert '<a href="/staff/nations/in/?">India</a> (1), ' in content


def test_nation_timeline_without_release(client, reader, releases):
    response = client.get(reverse("staff:nation_timeline", kwargs={"code": "BR"}))
    assert response.context["figures"] is None
    assert "No release names this nation in this period." in response.content.decode()


def test_unknown_nation_timeline_is_404(client, reader):
    url = reverse("staff:nation_timeline", kwargs={"code": "XX"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_nation_timeline_takes_a_fixed_number_of_queries(
    client, reader, django_assert_num_queries, count
):
    """Session, user, 2 permissions, the nation, the staff and public versions, 5
    for the report and 4 for the counts of the nations' public releases, stored
    and timed (the first time after a change), 2 for the rows."""
    make_many(count)
    url = reverse("staff:nation_timeline", kwargs={"code": "DE"})
    with django_assert_num_queries(18):
        response = client.get(url)
    assert len(response.context["rows"]) == count
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["rows"]) == count
