"""The importer: the people quoted (speakers), the people named with their
roles, and the quotes."""

import pytest

from releases.importer import ParsedQuote, ParsedSpeaker
from tests.test_importer import release


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "CNES President Jean-Yves Le Gall met ISRO.",
            ("Jean-Yves Le Gall", "CNES President"),
        ),
        (
            "Jean-Yves Le Gall, President of CNES, met ISRO.",
            ("Jean-Yves Le Gall", "President of CNES"),
        ),
        (
            "Philippe Baptiste, Chairman & CEO of CNES, met ISRO.",
            ("Philippe Baptiste", "Chairman & CEO of CNES"),
        ),
        (
            "Le 3 mars, le président du CNES, Jean-Yves Le Gall, a reçu l’ISRO.",
            ("Jean-Yves Le Gall", "président du CNES"),
        ),
        (
            "CNES Chief Operating Officer Lionel Suchet met ISRO.",
            ("Lionel Suchet", "CNES Chief Operating Officer"),
        ),
        (
            "ISRO Chairman K. Sivan visited Toulouse.",
            ("K. Sivan", "ISRO Chairman"),
        ),
    ],
)
def test_roles_introduce_people_named_who_are_not_speakers(text, speaker):
    parsed = release(text)

    assert (parsed.speakers, parsed.people) == ([], [ParsedSpeaker(*speaker)])


def test_speakers_are_the_people_quoted_and_people_named_are_apart():
    parsed = release(
        "CNES President Jean-Yves Le Gall welcomed Frédérique Vidal, Minister of "
        "Higher Education, and NASA Administrator Jim Bridenstine.\n\n"
        "“This is a great day for space exploration,” said Jean-Yves Le Gall."
    )

    assert parsed.speakers == [ParsedSpeaker("Jean-Yves Le Gall", "CNES President")]
    assert parsed.people == [
        ParsedSpeaker("Frédérique Vidal", "Minister of Higher Education"),
        ParsedSpeaker("Jim Bridenstine", "NASA Administrator"),
    ]
    assert [quote.speaker for quote in parsed.quotes] == ["Jean-Yves Le Gall"]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "The agreement was signed by the Korea Meteorological Administration, "
            "represented by its Administrator Kim Jong-seok.",
            ["Kim Jong-seok"],
        ),
        (
            "Jean-Yves Le Gall, President of CNES, and Korea Meteorological "
            "Administration, head of weather forecasting in Korea, signed.",
            ["Jean-Yves Le Gall"],
        ),
        (
            "The Toulouse Business School, represented by its director, signed.",
            [],
        ),
    ],
    ids=["kma-represented", "kma-apposition", "school"],
)
def test_an_organisation_is_never_a_person(text, people):
    assert [person.name for person in release(text).people] == people


def test_a_person_in_an_institutions_name_is_not_the_one_who_speaks():
    parsed = release(
        "CNES Chief Operating Officer Lionel Suchet visited the Mohammed bin Rashid "
        "Space Centre in Dubai.\n\n"
        "“This is a new start for our two agencies,” he said."
    )

    assert [(quote.speaker, quote.text) for quote in parsed.quotes] == [
        ("Lionel Suchet", "This is a new start for our two agencies.")
    ]
    assert parsed.people == []


@pytest.mark.parametrize(
    "paragraph",
    [
        "Jean-Yves Le Gall commented: “We are proud of this success today.”",
        "“We are proud of this success today,” said Jean-Yves Le Gall.",
        '"We are proud of this success today," Jean-Yves Le Gall stated.',
        'Jean-Yves Le Gall declared: "We are proud of this success today."',
        "According to Jean-Yves Le Gall, “We are proud of this success today.”",
        "Jean-Yves Le Gall a déclaré : « We are proud of this success today. »",
        "«\u00a0We are proud of this success today\u00a0»,"
        " a souligné Jean-Yves Le Gall.",
        "« We are proud of this success today », a indiqué Jean-Yves Le Gall.",
        "Selon Jean-Yves Le Gall, « We are proud of this success today ».",
    ],
)
def test_quote_attribution_forms(paragraph):
    parsed = release(f"CNES President Jean-Yves Le Gall opened the day.\n\n{paragraph}")

    assert parsed.quotes[0].speaker == "Jean-Yves Le Gall"
    assert parsed.quotes[0].role == "CNES President"
    assert parsed.quotes[0].text == "We are proud of this success today."


def test_pronoun_attribution_resolves_to_last_named_person():
    parsed = release(
        "Lionel Suchet opened the meeting.\n\n"
        "“This is a new start for us,” he said. «\u00a0Nous sommes prêts »,"
        " a-t-il ajouté."
    )

    assert [(quote.speaker, quote.text) for quote in parsed.quotes] == [
        ("Lionel Suchet", "This is a new start for us."),
        ("Lionel Suchet", "Nous sommes prêts."),
    ]


def test_multi_paragraph_quote_is_kept_whole():
    parsed = release(
        "Lionel Suchet said:\n\n“First part of a long quote.\n\n"
        "“Second part of the same long quote.”"
    )

    assert parsed.quotes == [
        ParsedQuote(
            "Lionel Suchet",
            "",
            "First part of a long quote.\n\nSecond part of the same long quote.",
        )
    ]


@pytest.mark.parametrize(
    ("body", "quotes", "line"),
    [
        (
            "Jean-Yves Le Gall, President of CNES, said: “We are proud of this "
            "success today.\n\nThe satellite will be launched in 2021.",
            [("Jean-Yves Le Gall", "We are proud of this success today.")],
            5,
        ),
        (
            "“We are proud of this success.” said Lionel Suchet. “And we will do "
            "even more in the years ahead",
            [
                ("Lionel Suchet", "We are proud of this success."),
                ("Lionel Suchet", "And we will do even more in the years ahead"),
            ],
            5,
        ),
        (
            "Jean-Yves Le Gall a déclaré : « Nous sommes fiers de ce succès.\n\n"
            "Le satellite sera lancé en 2021.\n\n"
            "« Une autre étape commence. », a ajouté Lionel Suchet.",
            [
                ("Jean-Yves Le Gall", "Nous sommes fiers de ce succès."),
                ("Lionel Suchet", "Une autre étape commence."),
            ],
            5,
        ),
        (
            'Lionel Suchet stated: "This agreement opens a new era for us.\n\n'
            'The "Space Rider" vehicle flies in 2025.',
            [("Lionel Suchet", "This agreement opens a new era for us.")],
            5,
        ),
        (
            "Lionel Suchet said:\n\n“First part of a long quote.\n\n"
            "“Second part of the same long quote.\n\nThe launch is in May.",
            [
                (
                    "Lionel Suchet",
                    "First part of a long quote.\n\n"
                    "Second part of the same long quote.",
                )
            ],
            7,
        ),
    ],
    ids=["curly", "end-of-text", "french", "straight", "multi-paragraph"],
)
def test_unclosed_quote_runs_to_the_end_of_its_paragraph(body, quotes, line):
    parsed = release(body)

    assert [(quote.speaker, quote.text) for quote in parsed.quotes] == quotes
    assert (
        f"quotation mark not closed at line {line}: "
        "the quote was taken to the end of its paragraph"
    ) in parsed.warnings


def test_a_stray_straight_quote_is_not_a_quote():
    parsed = release('The screen measures 10" across and weighs little, we think.')

    assert (parsed.quotes, parsed.warnings) == ([], ["no contacts found"])


def test_a_mark_left_open_before_another_quote_of_its_paragraph_is_stray():
    parsed = release(
        "Lionel Suchet opened the “New Space era of the agency. “This is a great "
        "day for all of us,” said Lionel Suchet."
    )

    assert [quote.text for quote in parsed.quotes] == [
        "This is a great day for all of us."
    ]
    assert parsed.warnings == ["no contacts found"]


@pytest.mark.parametrize(
    ("paragraph", "text"),
    [
        ("“Is this the end?” said Lionel Suchet.", "Is this the end?"),
        ("“What a launch!” said Lionel Suchet.", "What a launch!"),
        ("“We will see…” said Lionel Suchet.", "We will see…"),
        ("“*We made it,*” said Lionel Suchet.", "*We made it.*"),
        ("Lionel Suchet a dit : « C’est un grand jour ».", "C’est un grand jour."),
        ("« C’est un grand jour ! », a dit Lionel Suchet.", "C’est un grand jour !"),
        (
            "Lionel Suchet said that “the launch is the next step”; then he left.",
            "the launch is the next step",
        ),
    ],
    ids=["question", "exclamation", "ellipsis", "emphasis", "after", "french", "semi"],
)
def test_quoted_text_keeps_its_final_punctuation(paragraph, text):
    parsed = release(f"CNES engineer Lionel Suchet spoke.\n\n{paragraph}")

    assert [quote.text for quote in parsed.quotes] == [text]


def test_people_merely_named_are_not_speakers():
    parsed = release(
        "The satellite was named after Hubert Curien. Thomas Pesquet will fly in 2021."
        " The mission builds on the work of astronomer Jean Dupont, director of LESIA."
    )

    assert (parsed.speakers, parsed.people) == ([], [])


def test_quote_without_speaker_is_reported_with_its_line():
    parsed = release(
        "Some context.\n\n“This quotation has no attribution at all in the text.”"
    )

    assert parsed.quotes == []
    assert "quote without identifiable speaker at line 7" in parsed.warnings


def test_scare_quotes_are_not_quotes():
    parsed = release("The “New Space” era and the «\u00a0Space Rider\u00a0» vehicle.")

    assert (parsed.quotes, parsed.warnings) == ([], ["no contacts found"])
