"""Render editor-written Markdown to HTML that is safe to show on public pages."""

import re
from html.parser import HTMLParser

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "li",
    "ol",
    "p",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Browsers drop these from a URL before reading its scheme: "java\tscript:" runs.
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")
SCHEME = re.compile(r"^([^/?#]*?):")


def keep_safe_links(element, attribute, value):
    """Drop a link whose scheme, as a browser reads it, is not an allowed one."""
    if attribute != "href":
        return value
    scheme = SCHEME.match(IGNORED_IN_URLS.sub("", value))
    if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES:
        return None
    return value


def render_markdown(text):
    """Return sanitised HTML for Markdown text: raw HTML and unsafe links removed."""
    html = markdown.markdown(
        text or "", extensions=["sane_lists"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        attribute_filter=keep_safe_links,
        link_rel="noopener noreferrer",
    )


class _TextCollector(HTMLParser):
    """Collect the text of HTML, a paragraph break after each block."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "ol", "ul", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data.replace("\n", " "))


def visible_text(html):
    """Return the text a reader sees in rendered HTML: no tags, no link
    targets, no Markdown marks; one line per paragraph, blank lines between."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


_NOT_WORDS = re.compile(r"[*_“”«»\"\s]+")


def holds_text(markdown_text, passage):
    """Tell whether Markdown text contains a passage, whatever the emphasis,
    quotation marks, spacing and case, and the passage's final punctuation."""
    passage = _NOT_WORDS.sub(" ", passage).strip().rstrip(" .,;:!?…").casefold()
    text = _NOT_WORDS.sub(" ", markdown_text).casefold()
    return bool(passage) and (
        re.search(rf"(?<!\w){re.escape(passage)}(?!\w)", text) is not None
    )
