"""The nation box: the admin's autocomplete of partner nations."""

import pytest
from django.urls import reverse
from django.utils import translation

from releases.models import PartnerNation
from releases.nation_search import normalise
from tests.factories import make_release

pytestmark = pytest.mark.django_db


NATION_BOX = {
    "app_label": "releases",
    "model_name": "releasenation",
    "field_name": "nation",
}


def nation_box(client, term):
    response = client.get(reverse("admin:autocomplete"), {**NATION_BOX, "term": term})
    assert response.status_code == 200
    return [(result["id"], result["text"]) for result in response.json()["results"]]


def test_india_offers_india_before_british_indian_ocean_territory(client, editor):
    assert nation_box(client, "India") == [
        ("IN", "India"),
        ("IO", "British Indian Ocean Territory"),
    ]


def test_a_prefix_offers_the_names_it_starts_before_the_words_inside(client, editor):
    assert nation_box(client, "ind") == [
        ("IN", "India"),
        ("ID", "Indonesia"),
        ("IO", "British Indian Ocean Territory"),
    ]


@pytest.mark.parametrize(
    ("term", "first"),
    [
        ("US", ("US", "United States")),
        ("usa", ("US", "United States")),
        ("U.S.A.", ("US", "United States")),
        ("United States", ("US", "United States")),
        ("UK", ("GB", "United Kingdom")),
        ("Great Britain", ("GB", "United Kingdom")),
        ("UAE", ("AE", "United Arab Emirates")),
        ("South Korea", ("KR", "South Korea")),
        ("Korea", ("KR", "South Korea")),
        ("Russie", ("RU", "Russia")),
        ("Chine", ("CN", "China")),
        ("Etats-Unis", ("US", "United States")),
        ("allemagne", ("DE", "Germany")),
        ("DE", ("DE", "Germany")),
    ],
)
def test_usual_and_french_names_find_their_nation_first(client, editor, term, first):
    assert nation_box(client, term)[0] == first


def test_exact_order_of_the_first_answers(client, editor):
    assert nation_box(client, "US")[:4] == [
        ("US", "United States"),
        ("AU", "Australia"),
        ("AT", "Austria"),
        ("BY", "Belarus"),
    ]
    assert nation_box(client, "UK") == [("GB", "United Kingdom"), ("UA", "Ukraine")]
    assert nation_box(client, "United States") == [
        ("US", "United States"),
        ("UM", "United States Minor Outlying Islands"),
        ("VI", "United States Virgin Islands"),
    ]
    assert nation_box(client, "Korea") == [
        ("KR", "South Korea"),
        ("KP", "North Korea"),
    ]


def test_french_admin_offers_french_names_sorted_in_french(client, editor):
    with translation.override("fr"):  # /fr/admin/autocomplete/
        assert nation_box(client, "Emirats") == [("AE", "Émirats arabes unis")]
        answers = nation_box(client, "e")
    assert answers[:4] == [
        ("EG", "Égypte"),
        ("AE", "Émirats arabes unis"),
        ("EC", "Équateur"),
        ("ER", "Érythrée"),
    ]


def test_an_empty_term_lists_every_nation_a_page_at_a_time(client, editor):
    response = client.get(reverse("admin:autocomplete"), NATION_BOX)
    assert len(response.json()["results"]) == 20
    assert response.json()["pagination"] == {"more": True}


def test_a_term_that_names_nothing_offers_nothing(client, editor):
    assert nation_box(client, "Atlantis") == []


def test_the_nation_list_finds_nations_by_their_usual_names(client, editor):
    response = client.get(
        reverse("admin:releases_partnernation_changelist"), {"q": "USA"}
    )
    assert [nation.code for nation in response.context["cl"].result_list] == ["US"]


def test_the_nation_list_counts_and_sorts_by_releases(client, editor):
    make_release(nations=["JP", "IN"])
    make_release(nations=["JP"])
    response = client.get(
        reverse("admin:releases_partnernation_changelist"), {"o": "-3"}
    )
    rows = response.context["cl"].result_list
    assert [(nation.code, nation.release_count) for nation in rows[:3]] == [
        ("JP", 2),
        ("IN", 1),
        ("AF", 0),
    ]
    assert '<td class="field-release_count">2</td>' in response.text


def test_the_nation_box_runs_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
):
    # Session, user, permissions (2), the nations' names to rank, the count and
    # the page.
    with django_assert_num_queries(7):
        nation_box(client, "India")


def test_edited_names_are_searched_as_the_database_holds_them(client, editor):
    PartnerNation.objects.filter(code="CI").update(name_en="Ivory Coast (edited)")
    assert nation_box(client, "edited") == [("CI", "Ivory Coast (edited)")]


def test_normalise_ignores_case_accents_dots_and_hyphens():
    assert normalise("  États-Unis ") == "etats unis"
    assert normalise("U.S.A.") == "usa"
    assert normalise("Côte d’Ivoire") == "cote d ivoire"
