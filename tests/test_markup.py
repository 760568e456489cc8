import pytest

from releases.markup import render_markdown


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
