"""Photos and documents on the public pages, previews, feeds and the sitemap."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from releases import previews, renditions
from releases.models import PressRelease, PreviewLink, ReleaseImage
from tests import media_files
from tests.factories import (
    add_contact,
    add_quote,
    feature_speaker,
    make_contact,
    make_document,
    make_image,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

PICTURE = re.compile(r"<picture>.*?</picture>", re.S)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def photo(caption, width=1600, height=1000, **fields):
    return make_image(
        media_files.jpeg(width, height, quality=60), caption=caption, **fields
    )


def pictures(html):
    return PICTURE.findall(html)


def img_attributes(picture):
    tag = re.search(r"<img ([^>]*)>", picture).group(1)
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))


def test_photos_added_to_a_release_follow_one_another_the_first_leading():
    release = make_release()
    first, second, third = photo("First"), photo("Second"), photo("Third")
    release.images.add(first)
    release.images.add(second)
    release.images.add(third)
    assert release.photos() == [first, second, third]
    assert release.lead_image == first
    assert list(first.releases.all()) == [release]


def test_positions_set_by_editors_come_before_photos_added_without_one():
    release = make_release()
    first, second, third = photo("First"), photo("Second"), photo("Third")
    release.images.add(first, second)
    ReleaseImage.objects.create(release=release, image=third, position=1)
    assert release.lead_image == third
    assert release.photos() == [third, first, second]


def test_documents_are_attached_once_saved():
    release = make_release()
    kit, facts = make_document(title="Kit"), make_document(title="Facts")
    release.documents.add(kit)
    release.documents.add(facts)
    assert [link.document for link in release.releasedocument_set.all()] == [kit, facts]


def test_release_page_shows_the_lead_photo_as_a_picture_of_renditions(client):
    release = make_release("Launch", slug="launch")
    lead = photo("Ariane 6 lifts off", alt_text="A rocket rising at night")
    release.images.add(lead)
    response = client.get("/releases/launch/")
    lead_picture = pictures(response.text)[0]
    prefix = f"/media/renditions/v{renditions.VERSION}/{lead.content_hash}"

    def srcset(extension):
        return ", ".join(
            f"{prefix}/{width}.{extension} {width}w"
            for width in (240, 480, 800, 1200, 1600)
        )

    for extension, content_type in (("avif", "image/avif"), ("webp", "image/webp")):
        expected = f'<source type="{content_type}" srcset="{srcset(extension)}"'
        assert expected in lead_picture
    assert img_attributes(lead_picture) == {
        "src": f"{prefix}/1200.jpg",
        "srcset": srcset("jpg"),
        "sizes": "(min-width: 72rem) 70rem, 100vw",
        "width": "1200",
        "height": "750",
        "alt": "A rocket rising at night",
        "loading": "eager",
        "decoding": "auto",
        "fetchpriority": "high",
    }
    assert "Ariane 6 lifts off" in response.text
    assert "© CNES/ESA" in response.text
    assert "Free of rights for editorial use, with the credit" in response.text
    assert f'href="{lead.download_url}" download>Download HD' in response.text
    assert "1600 × 1000 px" in response.text


def test_photos_below_the_lead_are_lazy_loaded_in_a_gallery(client):
    release = make_release(slug="gallery")
    for caption in ("Lead", "Second", "Third"):
        release.images.add(photo(caption))
    response = client.get("/releases/gallery/")
    found = pictures(response.text)
    assert len(found) == 3
    assert [img_attributes(p)["loading"] for p in found] == ["eager", "lazy", "lazy"]
    assert "fetchpriority" not in img_attributes(found[1])
    assert '<h2 id="photos-heading">Photos</h2>' in response.text


def test_french_page_shows_french_alt_text_and_captions_or_marks_the_english(client):
    release = make_release(slug="bilingual")
    release.images.add(
        photo("Launch at night", alt_text="A rocket", alt_text_fr="Une fusée")
    )
    response = client.get("/fr/releases/bilingual/")
    attributes = img_attributes(pictures(response.text)[0])
    assert (attributes["alt"], "lang" in attributes) == ("Une fusée", False)
    assert '<span class="caption" lang="en">Launch at night</span>' in response.text
    assert "Libre de droits pour un usage éditorial, avec le crédit" in response.text


def test_release_page_lists_documents_with_language_format_and_size(client):
    release = make_release(slug="with-kit")
    document = make_document(
        media_files.pdf(pages=12), title="Dossier de presse", language="fr"
    )
    release.documents.add(document)
    response = client.get("/releases/with-kit/")
    assert (
        f'<a class="download" href="{document.download_url}" hreflang="fr" download>'
        '<span class="download-title" lang="fr">Dossier de presse</span>'
    ) in response.text
    size = filesizeformat(document.file_size)
    assert f"PDF, french, {size}, 12 pages" in response.text
    assert 'href="/releases/with-kit/pdf/"' in response.text
    assert 'href="/releases/with-kit/press-kit.zip"' in response.text
    assert "The PDF, 0 HD photos, 1 document" in response.text


def test_release_without_photos_or_documents_offers_its_pdf_only(client):
    make_release(slug="plain")
    response = client.get("/releases/plain/")
    assert "<picture>" not in response.text
    assert 'href="/releases/plain/pdf/"' in response.text
    assert "press-kit.zip" not in response.text
    assert '<meta name="twitter:card" content="summary">' in response.text
    assert "og:image" not in response.text


def test_embargo_preview_shows_photos_but_no_pdf_or_press_kit(client):
    release = make_release(slug="secret", status=PressRelease.Status.DRAFT)
    release.images.add(photo("Secret satellite"))
    link = PreviewLink(release=release, expires_at=timezone.now() + timedelta(days=1))
    response = client.get(previews.preview_url(previews.issue(link, make_user("p"))))
    assert response.status_code == 200
    assert len(pictures(response.text)) == 1
    assert "/pdf/" not in response.text and "press-kit" not in response.text


def test_link_previews_carry_the_lead_photo(client):
    release = make_release(slug="previewed")
    lead = photo("Lift-off", alt_text="A rocket rising")
    release.images.add(lead)
    release.images.add(photo("Second"))
    text = client.get("/releases/previewed/").text
    url = f"http://testserver{lead.rendition_url(1200, 'jpg')}"
    for tag in [
        f'<meta property="og:image" content="{url}">',
        '<meta property="og:image:type" content="image/jpeg">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="750">',
        '<meta property="og:image:alt" content="A rocket rising">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:image" content="{url}">',
    ]:
        assert tag in text


def test_json_ld_describes_every_photo(client):
    release = make_release(slug="described")
    lead, second = photo("Lift-off", credit="© CNES/S. Martin"), photo("")
    release.images.add(lead)
    release.images.add(second)
    data = json.loads(JSON_LD.search(client.get("/releases/described/").text)[1])
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "url": f"http://testserver{lead.rendition_url()}",
            "contentUrl": f"http://testserver{lead.download_url}",
            "width": 1200,
            "height": 750,
            "creditText": "© CNES/S. Martin",
            "copyrightNotice": "© CNES/S. Martin",
            "caption": "Lift-off",
        },
        {
            "@type": "ImageObject",
            "url": f"http://testserver{second.rendition_url()}",
            "contentUrl": f"http://testserver{second.download_url}",
            "width": 1200,
            "height": 750,
            "creditText": "© CNES/ESA",
            "copyrightNotice": "© CNES/ESA",
        },
    ]


@pytest.mark.parametrize("count", [1, 6])
def test_release_page_runs_the_same_queries_whatever_its_number_of_photos(
    client, django_assert_num_queries, count
):
    release = make_release(slug="photos", nations=["JP"], topics=[make_topic()])
    speaker = make_speaker()
    add_quote(release, speaker)
    feature_speaker(release, speaker)
    add_contact(release, make_contact())
    release.documents.add(make_document())
    for number in range(count):
        release.images.add(photo(f"Photo {number}", 800, 500))
    related = make_release(nations=["JP"])
    related.images.add(photo("Related", 800, 500))
    with django_assert_num_queries(12):
        response = client.get("/releases/photos/")
    assert len(pictures(response.text)) == count + 1


def test_home_opens_with_the_latest_release_and_its_photo_then_cards(client):
    older = make_release("Older", slug="older")
    older.images.add(photo("Older photo", 800, 500))
    make_release("Without photo", slug="without")
    latest = make_release("Latest", slug="latest")
    PressRelease.objects.filter(pk=older.pk).update(
        published_at=latest.published_at.replace(year=2020)
    )
    lead = photo("Latest photo", alt_text="The latest launch")
    latest.images.add(lead)
    text = client.get("/").text
    hero = text[text.index('<section class="hero"') : text.index("</section>")]
    assert 'alt="The latest launch"' in hero and 'fetchpriority="high"' in hero
    assert '<a href="/releases/latest/">Latest</a>' in hero
    cards = text[text.index('<section class="latest"') :]
    assert cards.count('<article class="release-card') == 2
    assert '<article class="release-card no-photo">' in cards
    assert 'loading="lazy"' in cards and "fetchpriority" not in cards


def test_archive_folds_its_filters_behind_a_summary_and_lists_thumbnails(client):
    release = make_release("Shown", slug="shown")
    release.images.add(photo("Shown photo", 800, 500))
    text = client.get("/releases/?q=shown").text
    assert '<details class="filters-panel">' in text
    assert 'Filters <span class="filter-count">(1 active)</span></summary>' in text
    assert text.index("<details") < text.index('<section class="results"')
    bad = client.get("/releases/?year=abc").text
    assert '<details class="filters-panel" open>' in bad


def test_atom_feed_links_the_lead_photo_as_an_enclosure(client):
    release = make_release("With photo")
    lead = photo("Lead")
    release.images.add(lead)
    make_release("Without")
    root = ET.fromstring(client.get("/feeds/releases.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"
    enclosures = [
        link.attrib
        for link in root.iter(f"{atom}link")
        if link.get("rel") == "enclosure"
    ]
    assert enclosures == [
        {
            "rel": "enclosure",
            "href": f"http://testserver{lead.download_url}",
            "length": str(lead.file_size),
            "type": "image/jpeg",
        }
    ]


def test_rss_feed_carries_the_lead_photo_as_an_enclosure(client):
    lead = photo("Lead")
    make_release("With photo").images.add(lead)
    root = ET.fromstring(client.get("/feeds/releases.rss").content)
    assert [enclosure.attrib for enclosure in root.iter("enclosure")] == [
        {
            "url": f"http://testserver{lead.download_url}",
            "length": str(lead.file_size),
            "type": "image/jpeg",
        }
    ]


def test_sitemap_lists_the_photos_of_public_releases(client):
    release = make_release(slug="pictured")
    lead, small = photo("Lead"), photo("Small", 600, 400)
    release.images.add(lead)
    release.images.add(small)
    make_release(slug="draft", status=PressRelease.Status.DRAFT).images.add(
        photo("Draft")
    )
    root = ET.fromstring(client.get("/sitemap.xml").content)
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    image = "{http://www.google.com/schemas/sitemap-image/1.1}"
    found = {
        url.find(f"{sitemap}loc").text: [loc.text for loc in url.iter(f"{image}loc")]
        for url in root.findall(f"{sitemap}url")
    }
    expected = [
        f"http://testserver{lead.rendition_url(1600)}",
        f"http://testserver{small.rendition_url(600)}",
    ]
    assert found["http://testserver/releases/pictured/"] == expected
    assert found["http://testserver/fr/releases/pictured/"] == expected
    assert found["http://testserver/"] == []


def test_changing_a_shown_photo_renews_the_cached_page(client):
    release = make_release(slug="cached")
    lead = photo("Old caption")
    release.images.add(lead)
    assert "Old caption" in client.get("/releases/cached/").text
    lead.caption = "New caption"
    lead.save()
    assert "New caption" in client.get("/releases/cached/").text
    release.images.add(photo("Added later"))
    assert "Added later" in client.get("/releases/cached/").text
