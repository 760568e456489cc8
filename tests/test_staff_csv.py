import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from releases.models import PressRelease
from staff import exports
from staff.exports import csv_response, neutralise
from tests.factories import make_release, paris

pytestmark = pytest.mark.usefixtures("mid_june_2025")
BOM = "\ufeff"


def content(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1 44 76 75 39", "'+33 1 44 76 75 39"),
        ("-20% of fuel", "'-20% of fuel"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Japan = partner", "Japan = partner"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_neutralise(value, cell):
    assert neutralise(value) == cell


def test_csv_response_quotes_and_starts_with_a_byte_order_mark():
    response = csv_response(
        ["Title", "Note"],
        [['Say "hello", world', "two\nlines"], ["=1+1", "plain"]],
        "test.csv",
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="test.csv"'
    assert content(response) == (
        f'{BOM}Title,Note\r\n"Say ""hello"", world","two\nlines"\r\n\'=1+1,plain\r\n'
    )


@pytest.fixture
def releases(db):
    make_release(
        '=HYPERLINK("http://evil.example")',
        slug="evil",
        published_at=paris(2015, 3, 2, 23, 30),
        nations=[("JP", "partner"), ("US", "")],
    )
    make_release(
        'Japan, India and the "Moon"',
        slug="moon",
        published_at=paris(2020, 5, 5, 9),
        nations=[("IN", "new_entrant"), ("JP", "")],
    )
    make_release(
        "Draft: Côte d’Ivoire",
        slug="draft-ci",
        status=PressRelease.Status.DRAFT,
        nations=["CI"],
    )


def test_search_csv_streams_the_search(client, reader, releases):
    response = client.get(reverse("staff:search_csv") + "?nation=JP&ordering=title")
    assert response["Content-Disposition"] == (
        'attachment; filename="cnes-releases.csv"'
    )
    assert content(response) == (
        f"{BOM}Date,Title,Status,Partner nations,Address\r\n"
        '2015-03-02,"\'=HYPERLINK(""http://evil.example"")",Published,'
        "Japan (Long-standing partner); United States,"
        "http://testserver/releases/evil/\r\n"
        '2020-05-05,"Japan, India and the ""Moon""",Published,'
        "India (New entrant); Japan,http://testserver/releases/moon/\r\n"
    )


def test_search_csv_includes_drafts_and_non_ascii_text(client, reader, releases):
    response = client.get(reverse("staff:search_csv") + "?status=draft")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[1] == (
        ",Draft: Côte d’Ivoire,Draft,Côte d’Ivoire,http://testserver/releases/draft-ci/"
    )


def test_search_csv_with_bad_parameters_has_only_the_header(client, reader, releases):
    response = client.get(reverse("staff:search_csv") + "?nation=XX")
    assert response.status_code == 200
    assert content(response) == f"{BOM}Date,Title,Status,Partner nations,Address\r\n"


def make_many(count):
    for number in range(count):
        make_release(
            published_at=paris(2010 + number % 9, 1 + number % 12, 10, 9),
            nations=[["JP", "US", "IN", "AE", "FR"][number % 5], "DE"],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_search_csv_takes_a_fixed_number_of_queries(
    client, reader, django_assert_num_queries, count
):
    """Session, user and 2 permissions, then the rows and their nations."""
    make_many(count)
    with django_assert_num_queries(6):
        lines = content(client.get(reverse("staff:search_csv"))).splitlines()
    assert len(lines) == count + 1


def test_search_csv_reads_the_database_a_chunk_at_a_time(
    client, reader, django_assert_num_queries, monkeypatch
):
    """The rows come in one query, their nations in one query per chunk of 10."""
    make_many(30)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    with django_assert_num_queries(4 + 1 + 3):
        lines = content(client.get(reverse("staff:search_csv"))).splitlines()
    assert len(lines) == 31


def test_report_csv(client, reader, releases):
    response = client.get(reverse("staff:report_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="cnes-report.csv"'
    assert content(response) == (
        f"{BOM}ISO code,Nation,Releases,First mention,Latest mention,"
        "Most often named with,2015,2016,2017,2018,2019,2020,Undated\r\n"
        "JP,Japan,2,2015-03-02,2020-05-05,India (1); United States (1),"
        "1,0,0,0,0,1,0\r\n"
        "CI,Côte d’Ivoire,1,,,,0,0,0,0,0,0,1\r\n"
        "IN,India,1,2020-05-05,2020-05-05,Japan (1),0,0,0,0,0,1,0\r\n"
        "US,United States,1,2015-03-02,2015-03-02,Japan (1),1,0,0,0,0,0,0\r\n"
        ",All releases,3,,,,1,0,0,0,0,1,1\r\n"
    )


def test_report_csv_over_a_period(client, reader, releases):
    response = client.get(reverse("staff:report_csv") + "?published_after=2016-01-01")
    assert content(response) == (
        f"{BOM}ISO code,Nation,Releases,First mention,Latest mention,"
        "Most often named with,2020\r\n"
        "IN,India,1,2020-05-05,2020-05-05,Japan (1),1\r\n"
        "JP,Japan,1,2020-05-05,2020-05-05,India (1),1\r\n"
        ",All releases,1,,,,1\r\n"
    )


def test_report_csv_with_bad_period_is_empty(client, reader, releases):
    response = client.get(
        reverse("staff:report_csv")
        + "?published_after=2020-01-02&published_before=2020-01-01"
    )
    assert content(response) == (
        f"{BOM}ISO code,Nation,Releases,First mention,Latest mention,"
        "Most often named with\r\n"
        ",All releases,0,,,\r\n"
    )
