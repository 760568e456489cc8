import pytest
from django.http import QueryDict

from releases.filters import ReleaseFilter
from releases.models import PressRelease
from staff.filters import StaffReleaseFilter
from staff.views import WorkspaceReleasesMixin
from tests.factories import (
    add_quote,
    feature_speaker,
    make_release,
    make_speaker,
    make_topic,
    paris,
)

pytestmark = pytest.mark.usefixtures("mid_june_2025")
DRAFT = PressRelease.Status.DRAFT


@pytest.fixture
def releases(db):
    """Six releases over three nations, every status, and a year boundary."""
    climate = make_topic("Climate")
    make_topic("Exploration")
    president = make_speaker("Philippe Baptiste", role="CNES President")
    make_speaker("Nobody Quoted")
    france = make_release(
        "Japan and France sign",
        published_at=paris(2015, 3, 2, 10),
        nations=[("JP", "partner")],
        topics=[climate],
    )
    add_quote(france, president)
    make_release(
        "UAE joins",
        published_at=paris(2017, 1, 1, 0, 30),
        nations=[("AE", "new_entrant"), ("JP", "partner")],
    )
    india = make_release(
        "India and Japan",
        published_at=paris(2020, 5, 5, 9),
        nations=[("IN", "new_entrant"), ("JP", "")],
    )
    feature_speaker(india, president)
    make_release("Nothing international", published_at=paris(2019, 4, 1, 9))
    make_release(
        "Draft about India",
        status=DRAFT,
        nations=[("IN", "new_entrant")],
        body="Mars sample return.",
    )
    make_release(
        "Scheduled with Japan",
        published_at=paris(2025, 7, 1, 9),
        nations=[("JP", "partner"), ("US", "")],
    )


def search(query):
    filterset = StaffReleaseFilter(
        QueryDict(query), queryset=WorkspaceReleasesMixin().get_queryset()
    )
    assert filterset.is_valid(), filterset.errors
    return [release.title for release in filterset.qs]


def errors(query):
    filterset = StaffReleaseFilter(QueryDict(query))
    assert not filterset.is_valid()
    return {name: list(messages) for name, messages in filterset.errors.items()}


def test_no_filter_lists_every_release_newest_first_undated_last(releases):
    assert search("") == [
        "Scheduled with Japan",
        "India and Japan",
        "Nothing international",
        "UAE joins",
        "Japan and France sign",
        "Draft about India",
    ]


@pytest.mark.parametrize("code", ["JP", "jp"])
def test_nation_alone_in_any_case(releases, code):
    assert search(f"nation={code}") == [
        "Scheduled with Japan",
        "India and Japan",
        "UAE joins",
        "Japan and France sign",
    ]


def test_several_nations_match_any_of_them_by_default(releases):
    assert search("nation=AE&nation=IN") == [
        "India and Japan",
        "UAE joins",
        "Draft about India",
    ]


def test_several_nations_with_any_of(releases):
    assert search("nation=AE&nation=IN&match=any") == search("nation=AE&nation=IN")


def test_several_nations_with_all_of(releases):
    assert search("nation=JP&nation=IN&match=all") == ["India and Japan"]
    assert search("nation=JP&nation=AE&match=all") == ["UAE joins"]
    assert search("nation=AE&nation=IN&match=all") == []


def test_all_of_one_nation_is_that_nation(releases):
    assert search("nation=US&match=all") == ["Scheduled with Japan"]


def test_match_without_nation_changes_nothing(releases):
    assert search("match=all") == search("")


def test_category_alone_looks_at_every_nation(releases):
    assert search("category=new_entrant") == [
        "India and Japan",
        "UAE joins",
        "Draft about India",
    ]


def test_category_applies_to_the_chosen_nations(releases):
    assert search("nation=JP&category=partner") == [
        "Scheduled with Japan",
        "UAE joins",
        "Japan and France sign",
    ]
    assert search("nation=JP&category=new_entrant") == []
    assert search("nation=JP&nation=AE&category=new_entrant") == ["UAE joins"]


def test_date_range(releases):
    assert search("published_after=2016-01-01&published_before=2020-12-31") == [
        "India and Japan",
        "Nothing international",
        "UAE joins",
    ]


def test_date_range_follows_paris_time(releases):
    """UAE joins is dated 1 January 2017 in Paris, 31 December 2016 in UTC."""
    assert search("published_before=2016-12-31") == ["Japan and France sign"]
    assert search("published_after=2017-01-01&published_before=2017-01-01") == [
        "UAE joins"
    ]


def test_one_ended_range_leaves_out_undated_drafts(releases):
    assert search("published_after=2020-01-01") == [
        "Scheduled with Japan",
        "India and Japan",
    ]


def test_year_follows_paris_time(releases):
    assert search("year=2017") == ["UAE joins"]
    assert search("year=2016") == []


@pytest.mark.parametrize(
    ("status", "titles"),
    [
        ("draft", ["Draft about India"]),
        ("scheduled", ["Scheduled with Japan"]),
        (
            "published",
            [
                "India and Japan",
                "Nothing international",
                "UAE joins",
                "Japan and France sign",
            ],
        ),
    ],
)
def test_status(releases, status, titles):
    assert search(f"status={status}") == titles


def test_topic(releases):
    assert search("topic=climate") == ["Japan and France sign"]


def test_topic_without_release_is_a_valid_choice(releases):
    assert search("topic=exploration") == []


def test_speaker_quoted_or_featured(releases):
    assert search("speaker=philippe-baptiste") == [
        "India and Japan",
        "Japan and France sign",
    ]


def test_words_reach_drafts(releases):
    assert search("q=mars") == ["Draft about India"]


def test_words_must_all_be_there(releases):
    assert search("q=india japan") == ["India and Japan"]


def test_filters_combine(releases):
    assert search(
        "nation=JP&status=published&published_after=2016-01-01&category=partner"
    ) == ["UAE joins"]
    assert search("nation=IN&q=india&status=draft") == ["Draft about India"]


@pytest.mark.parametrize(
    ("ordering", "titles"),
    [
        (
            "title",
            [
                "Draft about India",
                "India and Japan",
                "Japan and France sign",
                "Nothing international",
                "Scheduled with Japan",
                "UAE joins",
            ],
        ),
        (
            "-title",
            [
                "UAE joins",
                "Scheduled with Japan",
                "Nothing international",
                "Japan and France sign",
                "India and Japan",
                "Draft about India",
            ],
        ),
        (
            "date",
            [
                "Japan and France sign",
                "UAE joins",
                "Nothing international",
                "India and Japan",
                "Scheduled with Japan",
                "Draft about India",
            ],
        ),
        (
            "-date",
            [
                "Scheduled with Japan",
                "India and Japan",
                "Nothing international",
                "UAE joins",
                "Japan and France sign",
                "Draft about India",
            ],
        ),
    ],
)
def test_ordering(releases, ordering, titles):
    assert search(f"ordering={ordering}") == titles


def test_ordering_combines_with_filters(releases):
    assert search("nation=JP&ordering=title") == [
        "India and Japan",
        "Japan and France sign",
        "Scheduled with Japan",
        "UAE joins",
    ]


def test_public_query_string_works_unchanged(releases):
    query = "q=japan&nation=jp&topic=climate&year=2015&speaker=philippe-baptiste"
    public = ReleaseFilter(QueryDict(query), queryset=PressRelease.objects.all())
    assert public.is_valid()
    assert [release.title for release in public.qs] == ["Japan and France sign"]
    assert search(query) == ["Japan and France sign"]


def test_public_parameters_keep_their_names():
    assert set(ReleaseFilter.base_filters) == {
        "q",
        "nation",
        "topic",
        "year",
        "speaker",
    }
    assert set(StaffReleaseFilter.base_filters) == {
        "q",
        "nation",
        "topic",
        "year",
        "speaker",
        "match",
        "category",
        "published_after",
        "published_before",
        "status",
        "ordering",
    }


def test_nation_choices_include_every_nation(db):
    filterset = StaffReleaseFilter()
    assert filterset.form.fields["nation"].queryset.count() == 249


def test_form_lists_fields_in_reading_order():
    assert list(StaffReleaseFilter().form.fields) == [
        "q",
        "nation",
        "match",
        "category",
        "published_after",
        "published_before",
        "year",
        "status",
        "topic",
        "speaker",
        "ordering",
    ]


def test_inverted_date_range_is_an_error(db):
    assert errors("published_after=2020-01-02&published_before=2020-01-01") == {
        "published_before": ["The end of the period is before its start."]
    }


def test_same_day_range_is_valid(releases):
    assert search("published_after=2020-05-05&published_before=2020-05-05") == [
        "India and Japan"
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "nation=XX",
            {
                "nation": [
                    "Select a valid choice. XX is not one of the available choices."
                ]
            },
        ),
        (
            "match=some",
            {
                "match": [
                    "Select a valid choice. some is not one of the available choices."
                ]
            },
        ),
        (
            "category=friend",
            {
                "category": [
                    "Select a valid choice. friend is not one of the available choices."
                ]
            },
        ),
        (
            "status=deleted",
            {
                "status": [
                    "Select a valid choice. deleted is not one of the available "
                    "choices."
                ]
            },
        ),
        (
            "ordering=slug",
            {
                "ordering": [
                    "Select a valid choice. slug is not one of the available choices."
                ]
            },
        ),
        ("published_after=2020-13-01", {"published_after": ["Enter a valid date."]}),
        ("year=abc", {"year": ["Enter a whole number."]}),
        (
            "topic=unknown",
            {
                "topic": [
                    "Select a valid choice. That choice is not one of the available "
                    "choices."
                ]
            },
        ),
    ],
)
def test_bad_parameters_are_form_errors(db, query, expected):
    assert errors(query) == expected
