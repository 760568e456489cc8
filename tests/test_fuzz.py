"""Property-based tests: arbitrary input never makes a page or the parser fail."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releases.importer import ParseError, parse_release
from tests.factories import add_quote, make_release, make_speaker, make_topic, make_user

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/releases/",
    "/nations/",
    "/nations/jp/",
    "/topics/climate/",
    "/speakers/jean-yves-le-gall/",
    "/fr/releases/",
]
STAFF_URLS = [
    "/staff/",
    "/staff/search/",
    "/staff/search.csv",
    "/staff/report/",
    "/staff/report.csv",
    "/staff/nations/jp/",
]
PARAMETERS = [
    "q",
    "nation",
    "topic",
    "year",
    "speaker",
    "page",
    "match",
    "category",
    "status",
    "published_after",
    "published_before",
    "ordering",
]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["JP", "jp", "ZZ", "", "2019", "2019-02-30", "-1", "0", "1e9"]),
)
query_strings = st.lists(
    st.tuples(st.sampled_from(PARAMETERS) | st.text(max_size=10), values), max_size=8
).map(urlencode)


@pytest.fixture
def archive():
    topic = make_topic()
    speaker = make_speaker()
    release = make_release("Known", nations=["JP", "IN"], topics=[topic])
    add_quote(release, speaker)
    return release


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("reader", groups=["Staff readers"]))
    return client


@FUZZ
@given(url=st.sampled_from(PUBLIC_URLS), query=query_strings)
def test_public_pages_never_fail(client, archive, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code in (200, 301, 302, 404)


@FUZZ
@given(url=st.sampled_from(STAFF_URLS), query=query_strings)
def test_staff_pages_never_fail(staff_client, archive, url, query):
    response = staff_client.get(f"{url}?{query}")
    assert response.status_code in (200, 302, 404)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


@FUZZ
@given(data=st.dictionaries(st.text(max_size=12), st.text(max_size=40), max_size=6))
def test_public_pages_answer_posted_form_data(client, archive, data):
    for url in ("/", "/releases/"):
        assert client.post(url, data).status_code in (403, 405)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=3000))
def test_parser_raises_nothing_but_parse_error(text):
    try:
        parse_release(text)
    except ParseError:
        pass


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "March 5, 2018",
                    "Publié le 15 mai 2019",
                    "View online : <https://example.org/x>",
                    "Jean-Yves Le Gall commented: “We go.”",
                    "« Nous irons », a déclaré Jean-Yves Le Gall.",
                    "Pascale Bresson    Press Officer    Tel. +33 (0)1 44 76 75 39",
                    "- a bullet",
                    "",
                ]
            ),
            st.text(max_size=80),
        ),
        max_size=30,
    )
)
def test_parser_survives_release_shaped_noise(lines):
    try:
        parse_release("\n".join(lines))
    except ParseError:
        pass


def test_a_10_kb_query_string_costs_no_more_queries_than_a_short_one(
    client, archive, django_assert_max_num_queries
):
    """The time it takes is measured by `make bench`; here, that the work is bounded."""
    short = urlencode([("q", "ocean"), ("nation", "JP")])
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(f"/releases/?{short}").status_code == 200
    long = urlencode([("q", "ocean " * 500), ("nation", "JP")] * 4)
    assert len(long) > 10_000
    with django_assert_max_num_queries(len(baseline)):
        response = client.get(f"/releases/?{long}")
    assert response.status_code == 200
