import pytest

from releases.markup import render_markdown, visible_text


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*it* **bold**", "<p><em>it</em> <strong>bold</strong></p>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        (
            "[CNES](https://cnes.fr)",
            '<p><a href="https://cnes.fr" rel="noopener noreferrer">CNES</a></p>',
        ),
        (
            "[write](mailto:presse@cnes.fr)",
            '<p><a href="mailto:presse@cnes.fr" rel="noopener noreferrer">'
            "write</a></p>",
        ),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        (
            '<a href="java\tscript:alert(1)">x</a>',
            '<p><a rel="noopener noreferrer">x</a></p>',
        ),
        (
            '<a href="java&#x09;script:alert(1)">x</a>',
            '<p><a rel="noopener noreferrer">x</a></p>',
        ),
        ("[x](data:text/html,hi)", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("<script>alert(1)</script>", ""),
        ('<img src=x onerror="alert(1)">', "<p></p>"),
        ("<p onclick=alert(1)>hi</p>", "<p>hi</p>"),
        ("<iframe src=https://evil.example></iframe>", ""),
    ],
)
def test_markdown_keeps_only_the_allowed_markup(text, html):
    assert render_markdown(text) == html


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("One\nline, *two* **marks**.", "One line, two marks."),
        ("Para.\n\n- item\n- A &amp; B", "Para.\n\nitem\n\nA & B"),
        ("[CNES](https://cnes.fr/secret) <!-- note --> <b>bold</b>", "CNES bold"),
        ("## Title\n\nText<br>after", "Title\n\nText\n\nafter"),
        ("<script>alert(1)</script>", ""),
    ],
)
def test_visible_text_is_what_a_reader_sees(markdown, text):
    assert visible_text(render_markdown(markdown)) == text
