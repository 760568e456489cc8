import datetime
import json
import random
import time
from pathlib import Path

import pytest

from releases.importer import (
    ParsedSpeaker,
    ParseError,
    decode,
    parse_release,
    to_json_record,
)

DATA = Path(__file__).parent / "data" / "importer"
CORPUS = sorted(DATA.glob("*.expected.json"))
FIELDS = (
    "title",
    "published_on",
    "source_url",
    "event_place",
    "speakers",
    "people",
    "quotes",
    "contacts",
    "nations",
    "body",
)


def parse_file(name):
    return parse_release(decode((DATA / name).read_bytes()))


def release(body, header="March 5, 2018\n\nCNES signs a new agreement\n\n"):
    return parse_release(header + body)


def corpus_records(expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    return expected, to_json_record(parse_file(expected["file"]), expected["file"])


@pytest.mark.parametrize("expected_path", CORPUS, ids=lambda path: path.stem)
def test_corpus_release_gives_expected_record(expected_path):
    expected, record = corpus_records(expected_path)

    assert record == expected


def test_corpus_per_field_accuracy(capsys):
    hits = dict.fromkeys(FIELDS, 0)
    for expected_path in CORPUS:
        expected, record = corpus_records(expected_path)
        for field in FIELDS:
            hits[field] += record[field] == expected[field]
    accuracy = {field: hits[field] / len(CORPUS) for field in FIELDS}
    with capsys.disabled():
        print(f"\nimporter accuracy over {len(CORPUS)} releases:")
        for field, value in accuracy.items():
            print(f"  {field:<13} {value:6.1%}")

    assert len(CORPUS) >= 22
    assert min(accuracy.values()) >= 0.9


def test_seed_isef2_details():
    parsed = parse_file("000_dce3d40c0314292c.txt")

    assert parsed.language == "en"
    assert parsed.event_date == datetime.date(2018, 3, 3)
    assert parsed.summary.endswith("and implementing human…")
    assert len(parsed.summary) <= 300
    assert parsed.speakers == [ParsedSpeaker("Jean-Yves Le Gall", "CNES President")]
    assert parsed.people == [
        ParsedSpeaker("Lionel Suchet", "CNES Chief Operating Officer")
    ]
    assert [(quote.speaker, quote.role) for quote in parsed.quotes] == [
        ("Jean-Yves Le Gall", "CNES President")
    ]
    assert parsed.nation_categories == {}
    assert parsed.warnings == []


def test_seed_seminar_details():
    parsed = parse_file("002_0a3b65576572163a.txt")

    assert parsed.event_date == datetime.date(2019, 5, 13)
    assert parsed.summary == (
        "Monday 13 May 2019, CNES President Jean-Yves Le Gall opened the "
        "International Affairs Seminar at the agency's Head Office in Paris."
    )
    assert parsed.nation_categories == {
        "US": "partner",
        "CN": "partner",
        "RU": "partner",
        "IN": "partner",
        "JP": "partner",
        "DE": "partner",
        "AE": "new_entrant",
        "SG": "new_entrant",
        "MA": "new_entrant",
        "VN": "new_entrant",
        "IL": "new_entrant",
    }
    assert parsed.warnings == ["no contacts found"]


def test_to_json_record_has_exactly_the_documented_keys():
    record = to_json_record(parse_file("000_dce3d40c0314292c.txt"), "a.txt")

    assert list(record) == ["file", *FIELDS[:-1], "body"]
    assert record["file"] == "a.txt"
    assert record["contacts"][0] == {
        "name": "Pascale Bresson",
        "role": "Press Officer",
        "phone": "+33 (0)1 44 76 75 39",
        "email": "",
    }


@pytest.mark.parametrize(
    "data",
    [
        b"March 5, 2018\n\nTitle\n\nText.",
        "\ufeffMarch 5, 2018\n\nTitle\n\nText.".encode(),
        b"March 5, 2018\r\n\r\nTitle\r\n\r\nText.",
        b"March 5, 2018\r\rTitle\r\rText.",
    ],
    ids=["utf8", "bom", "crlf", "cr"],
)
def test_decode_normalises_encoding_and_line_ends(data):
    assert decode(data) == "March 5, 2018\n\nTitle\n\nText."


def test_decode_falls_back_to_windows_1252():
    assert decode("Tél. : 01 – « Hé »\r\n".encode("cp1252")) == "Tél. : 01 – « Hé »\n"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00", b"caf\xc3\x81\x81", bytes(range(1, 9)) * 20],
    ids=["nul", "undecodable", "control-characters"],
)
def test_decode_rejects_binary(data):
    with pytest.raises(ParseError, match="not a text file"):
        decode(data)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "empty release", None),
        (" \n\t\n\u00a0\n", "empty release", None),
        ("A title\n\nSome text without any date.\n", "no publication date found", None),
        (
            "March 5, 2018\n\nThis is a first paragraph. It has two sentences.\n",
            "no title found",
            3,
        ),
    ],
)
def test_parse_errors_carry_message_and_line(text, message, line):
    with pytest.raises(ParseError) as error:
        parse_release(text)

    assert (error.value.message, error.value.line) == (message, line)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("March 5, 2018", datetime.date(2018, 3, 5)),
        ("5 March 2018", datetime.date(2018, 3, 5)),
        ("Published on Wednesday May 15, 2019", datetime.date(2019, 5, 15)),
        ("Publié le mercredi 15 mai 2019", datetime.date(2019, 5, 15)),
        ("5 mars 2018", datetime.date(2018, 3, 5)),
        ("1er mars 2018", datetime.date(2018, 3, 1)),
        ("15/05/2019", datetime.date(2019, 5, 15)),
        ("2019-05-15", datetime.date(2019, 5, 15)),
        ("Paris, 15 May 2019", datetime.date(2019, 5, 15)),
        ("Toulouse, le 3 août 2020", datetime.date(2020, 8, 3)),
        ("5th March 2018", datetime.date(2018, 3, 5)),
    ],
)
def test_publication_date_forms(header, expected):
    parsed = parse_release(f"{header}\n\nA title\n\nSome body text.")

    assert (parsed.published_on, parsed.title) == (expected, "A title")


def test_release_without_body_parses():
    parsed = parse_release("March 5, 2018\n\nCNES signs a new agreement\n")

    assert (parsed.title, parsed.body, parsed.summary, parsed.speakers) == (
        "CNES signs a new agreement",
        "",
        "",
        [],
    )


def test_date_after_title_and_label_line_are_not_the_title():
    parsed = parse_release(
        "Communiqué de presse\n\nLe CNES lance SWOT\n\n5 mars 2018\n\nTexte."
    )

    assert (parsed.title, parsed.published_on, parsed.body) == (
        "Le CNES lance SWOT",
        datetime.date(2018, 3, 5),
        "Texte.",
    )


def test_dateline_in_first_paragraph_gives_publication_date():
    parsed = parse_release(
        "A title\n\nParis, 2 July 2020 – CNES welcomes the decision by the UK."
    )

    assert parsed.published_on == datetime.date(2020, 7, 2)
    assert parsed.summary == "CNES welcomes the decision by the UK."


@pytest.mark.parametrize(
    "line",
    [
        "View online : <https://example.org/a,1.html>",
        "View online: https://example.org/a,1.html",
        "Voir en ligne : <https://example.org/a,1.html>",
    ],
)
def test_source_url_forms_are_read_and_left_out_of_the_body(line):
    parsed = parse_release(f"A title\n\n5 mars 2018\n\n{line}\n\nTexte.")

    assert (parsed.source_url, parsed.body) == (
        "https://example.org/a,1.html",
        "Texte.",
    )


@pytest.mark.parametrize(
    ("opening", "place", "date"),
    [
        (
            "Saturday 3 March in Tokyo, CNES met JAXA.",
            "Tokyo",
            datetime.date(2018, 3, 3),
        ),
        (
            "Monday 13 May 2019, CNES President Jean-Yves Le Gall opened the seminar "
            "at the agency's Head Office in Paris.",
            "Paris",
            datetime.date(2019, 5, 13),
        ),
        (
            "On 12 June in Toulouse, CNES signed.",
            "Toulouse",
            datetime.date(2018, 6, 12),
        ),
        ("Le 3 mars à Tokyo, le CNES a signé.", "Tokyo", datetime.date(2018, 3, 3)),
        (
            "Lundi 26 février à Bangalore, le CNES.",
            "Bangalore",
            datetime.date(2018, 2, 26),
        ),
        ("In Kourou on 2 March, Ariane 5 flew.", "Kourou", datetime.date(2018, 3, 2)),
        ("On 28 December in Paris, CNES met.", "Paris", datetime.date(2017, 12, 28)),
        (
            "Aujourd’hui à Toulouse, le CNES a signé.",
            "Toulouse",
            datetime.date(2018, 3, 5),
        ),
        ("CNES signed an agreement in Paris.", "", None),
    ],
)
def test_event_place_and_date_from_opening_sentence(opening, place, date):
    parsed = release(opening)

    assert (parsed.event_place, parsed.event_date) == (place, date)


def test_body_is_markdown_without_header_or_foot():
    parsed = release(
        "First   paragraph\twith *italics*.\n\n"
        "Items:\n• one\n* two\n– three\n\n"
        "Last paragraph.\n\nPascale Bresson    Press Officer    Tel. 01 44 76 75 39"
    )

    assert parsed.body == (
        "First paragraph with *italics*.\n\nItems:\n\n- one\n- two\n- three\n\n"
        "Last paragraph."
    )


def test_numbered_items_make_an_ordered_list():
    parsed = release(
        "The mission has three steps:\n"
        "1. Design the satellite together with our partners\n"
        "2) Build it in Toulouse with the French industry\n"
        "3. Launch it from Kourou in French Guiana next year\n\n"
        "It was launched from the Guiana Space Centre in French Guiana in\n"
        "2019. It has worked ever since.\n\n"
        "1. A paragraph that starts with a number.\n"
        "3. And a line that does not go on with it."
    )

    assert parsed.body == (
        "The mission has three steps:\n\n"
        "1. Design the satellite together with our partners\n"
        "2. Build it in Toulouse with the French industry\n"
        "3. Launch it from Kourou in French Guiana next year\n\n"
        "It was launched from the Guiana Space Centre in French Guiana in "
        "2019. It has worked ever since.\n\n"
        "1. A paragraph that starts with a number.\n\n"
        "3. And a line that does not go on with it."
    )


def test_hard_wrapped_paragraphs_are_joined():
    parsed = release(
        "The Vulcain 2.1 engine that will power the core stage of Ariane 6\n"
        "completed its first hot-fire test on 2 March at Lampoldshausen.\n\nNext."
    )

    assert parsed.body == (
        "The Vulcain 2.1 engine that will power the core stage of Ariane 6 "
        "completed its first hot-fire test on 2 March at Lampoldshausen.\n\nNext."
    )


def test_summary_takes_whole_sentences_up_to_300_characters():
    sentence = "CNES and ISRO signed an agreement on climate satellites. "
    parsed = release(sentence * 8)

    assert parsed.summary == (sentence * 5).strip()


def test_summary_cuts_a_long_sentence_at_a_word_boundary():
    parsed = release("word " * 100)

    assert parsed.summary == "word " * 59 + "word…"
    assert len(parsed.summary) <= 300


@pytest.mark.parametrize(
    ("name", "language"),
    [("000_dce3d40c0314292c.txt", "en"), ("fr_pesquet_kourou.txt", "fr")],
)
def test_language_is_detected(name, language):
    assert parse_file(name).language == language


@pytest.mark.parametrize("seed", range(40))
def test_random_input_only_ever_raises_parse_error(seed):
    generator = random.Random(seed)
    alphabet = "aZé “”«»\"'’.,:;\n\n\t-–•*@+0123456789\u00a0\x00\ufeffMarch mai 2019 "
    pieces = [generator.choice(alphabet) for _ in range(generator.randint(0, 3000))]
    if seed % 2:
        pieces.insert(0, "5 March 2019\n\nTitle\n\n")
    if seed % 5 == 0:
        pieces = [chr(generator.randint(0, 0x10FFFF)) for _ in range(2000)]
    try:
        parsed = parse_release("".join(pieces))
    except ParseError:
        return
    assert isinstance(parsed.published_on, datetime.date)


def test_one_megabyte_release_parses_in_well_under_a_second():
    body = parse_file("002_0a3b65576572163a.txt").body
    text = "March 5, 2018\n\nTitle\n\n" + (body + "\n\n") * (1_000_000 // len(body))
    start = time.process_time()
    parsed = parse_release(text)
    elapsed = time.process_time() - start

    assert elapsed < 1.0
    assert parsed.nations[:2] == ["US", "CN"]


@pytest.mark.parametrize(
    "body",
    ['"' * 1_000_000, "“a " * 300_000, "a." * 500_000, "Jean Dupont " * 90_000],
    ids=["straight-quotes", "open-quotes", "dots", "names"],
)
def test_pathological_inputs_stay_fast(body):
    start = time.process_time()
    release(body)

    assert time.process_time() - start < 2.0
