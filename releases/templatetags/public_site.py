"""Template tags of the public site: language versions and structured data."""

import json
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override

from releases.versioning import memoize_each

register = template.Library()

OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR"}

# As django.utils.html.json_script: nothing in the data can close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool
    is_default: bool


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Return the current page, with its query string, in each language.

    A page that matched no URL (a 404) points to the home page of each language.
    """
    request = context["request"]
    current = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        if request.resolver_match is not None:
            url = _page_in_language(request, code)
        else:
            with override(code):
                url = reverse("releases:home")
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return versions


def _page_in_language(request, code):
    """Return the address of the request's page (and query) in the language, as
    django.urls.translate_url does, from the URL the request already resolved."""
    match = request.resolver_match
    path, _sep, query = request.get_full_path().partition("?")
    try:
        with override(code):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        pass
    return f"{path}?{query}" if query else path


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.filter
def open_graph_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, language_code)


def json_ld_script(data):
    """Return ``data`` as a JSON-LD <script> element, safe for any text in it.

    A data block is never run, so the Content Security Policy needs no nonce for
    it, and the cached public pages carry none.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.simple_tag(takes_context=True)
def release_json_ld(context, release):
    """Return the schema.org NewsArticle describing ``release``."""
    request = context["request"]
    url = request.build_absolute_uri(release.get_absolute_url())
    publisher = {
        "@type": "Organization",
        "name": "CNES",
        "alternateName": "Centre national d’études spatiales",
        "url": request.build_absolute_uri(reverse("releases:home")),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": release.summary,
        "inLanguage": release.language,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": release.published_at,
        "dateModified": release.updated_at,
        "author": publisher,
        "publisher": publisher,
        "about": [
            {"@type": "Country", "name": link.nation.name}
            for link in release.releasenation_set.all()
        ],
        "keywords": [topic.name for topic in release.topics.all()],
    }
    if release.event_place:
        data["contentLocation"] = {"@type": "Place", "name": release.event_place}
    if photos := release.photos():
        data["image"] = [photo_json_ld(request, photo) for photo in photos]
    translation = release.get_translation()
    if translation is not None and translation.is_published():
        key = "translationOfWork" if release.translation_of_id else "workTranslation"
        with override(translation.language):
            translation_url = translation.get_absolute_url()
        data[key] = {
            "@type": "NewsArticle",
            "@id": request.build_absolute_uri(translation_url),
            "inLanguage": translation.language,
        }
    return json_ld_script(data)


def photo_json_ld(request, photo):
    """Return the schema.org ImageObject of a photo: its default rendition, the
    original to download, its caption and credit."""
    data = {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(photo.rendition_url()),
        "contentUrl": request.build_absolute_uri(photo.download_url),
        "width": photo.rendition_width,
        "height": photo.rendition_height,
        "creditText": photo.credit,
        "copyrightNotice": photo.credit,
    }
    caption, _language = photo.localized("caption")
    if caption:
        data["caption"] = caption
    return data


@register.simple_tag(takes_context=True)
def release_cards(context, releases):
    """Render the cards of a list of releases, each rendered once per version of
    the public content, language and layout (``memoize_each``), which saves most
    of an uncached list's rendering. Search results, whose title and snippet
    highlight the query, are rendered each time."""
    card = context.template.engine.get_template("includes/release_card.html")

    def render(release):
        with context.push(release=release):
            return card.render(context)

    releases = list(releases)
    if any(release.search_title or release.search_snippet for release in releases):
        rendered = [render(release) for release in releases]
    else:
        parts = [get_language(), context.get("card_sizes") or ""]
        rendered = memoize_each("card", releases, parts, render)
    return mark_safe("\n  ".join(rendered))
