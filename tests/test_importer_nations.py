"""The importer: the partner nations a release names, and their categories."""

import pytest

from releases.importer import ParsedSpeaker
from tests.test_importer import parse_file, release


@pytest.mark.parametrize(
    ("text", "nations"),
    [
        ("Japan’s JAXA, the Japanese agency, and Japan.", ["JP"]),
        ("With the United States, the U.S. and the US, thanks to all of us.", ["US"]),
        ("The UAE, Emirati engineers and the United Arab Emirates.", ["AE"]),
        ("Chinese, Indian, German and Russian teams.", ["CN", "IN", "DE", "RU"]),
        (
            "The UK, Britain and British industry; South Korea and Korean firms.",
            ["GB", "KR"],
        ),
        (
            "la Chine, l’Inde, l'Inde, les États-Unis et les Émirats arabes unis.",
            ["CN", "IN", "US", "AE"],
        ),
        (
            "les EAU, des ingénieurs japonais, allemands et indiennes.",
            ["AE", "JP", "DE", "IN"],
        ),
        ("Le Viêt Nam, le Vietnam, Viet Nam.", ["VN"]),
        (
            "Niger, Nigeria, Guinea, Papua New Guinea, Equatorial Guinea.",
            ["NE", "NG", "GN", "PG", "GQ"],
        ),
        (
            "Dominica and the Dominican Republic; Turkey and Mali.",
            ["DM", "DO", "TR", "ML"],
        ),
        ("The Guiana Space Centre in French Guiana, France and la France.", []),
        ("New Space and NewSpace in Europe with ESA, the European Space Agency.", []),
        ("Coastal zones of the Indian Ocean and the océan Indien.", []),
        ("Chad Frost and Michael Jordan visited Georgia.", []),
        ("Missions in Chad and Jordan.", ["TD", "JO"]),
        ("Latin American, South American and North American partners.", []),
        ("The Congo basin.", []),
        (
            "The Democratic Republic of the Congo and the Republic of the Congo.",
            ["CD", "CG"],
        ),
    ],
)
def test_nations(text, nations):
    assert release(text).nations == nations


@pytest.mark.parametrize(
    ("text", "nations"),
    [
        (
            "François Hollande, President of the Republic, visited Kourou. "
            "Hollande praised the teams.",
            [],
        ),
        ("President François Hollande met his Japanese counterpart.", ["JP"]),
        ("Le président François Hollande s’est rendu en Hollande.", ["NL"]),
        ("Michael Jordan and Chad Frost flew to Jordan and Chad.", ["JO", "TD"]),
        ("Georgia Brown, NASA engineer, visited India.", ["US", "IN"]),
        ("Engineers of the India Meteorological Department joined.", ["IN"]),
        ("Lionel Jordan, CNES engineer, and Marc Israel went to Kenya.", ["KE"]),
    ],
    ids=[
        "hollande",
        "first-name-then-nation",
        "country-after-preposition",
        "first-names",
        "georgia",
        "institution",
        "family-names",
    ],
)
def test_a_name_that_is_also_a_country_is_not_a_nation(text, nations):
    assert release(text).nations == nations


def test_a_family_name_that_is_a_country_still_names_the_person():
    parsed = release("François Hollande, President of the Republic, visited Kourou.")

    assert parsed.people == [
        ParsedSpeaker("François Hollande", "President of the Republic")
    ]


def test_nation_categories_stay_empty_without_both_kinds_of_partner():
    parsed = release(
        "CNES works with its historic partners, the United States and Japan."
    )

    assert (parsed.nations, parsed.nation_categories) == (["US", "JP"], {})


def test_nation_categories_in_french():
    parsed = parse_file("fr_partenaires_historiques.txt")

    assert parsed.nation_categories == {
        "US": "partner",
        "CN": "partner",
        "IN": "partner",
        "JP": "partner",
        "AE": "new_entrant",
        "VN": "new_entrant",
    }
