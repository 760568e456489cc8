"""A release's quotes on its public page: each one shown once."""

import pytest

from tests.factories import add_quote, make_release, make_speaker

pytestmark = pytest.mark.django_db

BODY = (
    "CNES President Jean-Yves Le Gall opened the forum.\n\n"
    "“We have *succeeded* in developing a strong partnership,” said Jean-Yves "
    "Le Gall.\n\n"
    "“First part of a long quote.\n\n“Second part of the same long quote.”"
)


@pytest.fixture
def speaker():
    return make_speaker()


def test_quotes_the_body_holds_are_not_repeated_below_it(client, speaker):
    release = make_release(body=BODY)
    add_quote(
        release, speaker, "We have *succeeded* in developing a strong partnership."
    )
    add_quote(
        release,
        speaker,
        "First part of a long quote.\n\nSecond part of the same long quote.",
    )

    response = client.get(release.get_absolute_url())

    assert release.quotes_outside_body() == []
    assert '<section class="quotes"' not in response.text
    assert response.text.count("strong partnership") == 1
    assert response.text.count("Second part of the same long quote") == 1


def test_only_the_quotes_the_body_lacks_are_shown_below_it(client, speaker):
    release = make_release(body=BODY)
    add_quote(release, speaker, "We have *succeeded* in developing a strong team.")
    add_quote(release, speaker, "Second part of the same long quote.")

    response = client.get(release.get_absolute_url())

    assert [quote.text for quote in release.quotes_outside_body()] == [
        "We have *succeeded* in developing a strong team."
    ]
    assert response.text.count("<blockquote>") == 1
    assert (
        "<blockquote><p>We have <em>succeeded</em> in developing a strong team."
        "</p></blockquote>" in response.text
    )


def test_a_quote_matches_whole_words_of_the_body(speaker):
    release = make_release(body="The partnership is strong.")
    add_quote(release, speaker, "ship is strong.")

    assert [quote.text for quote in release.quotes_outside_body()] == [
        "ship is strong."
    ]
