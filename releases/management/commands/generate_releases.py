"""Fill the database with releases shaped like the seed ones, for benchmarks."""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from releases.changes import content_loaded
from releases.models import (
    Contact,
    PartnerNation,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    Topic,
)

BATCH_SIZE = 2000
YEARS = 30
# The share of stories published in both languages, the translation linked to its
# original, as the press office does for its main announcements.
TRANSLATED = 0.4
CATEGORIES = ["", "partner", "new_entrant"]
PROGRAMMES = [
    "BepiColombo", "MMX", "MASCOT", "SVOM", "SWOT", "MicroCarb", "Ariane 6",
    "IASI-NG", "MERLIN", "CFOSAT", "Megha-Tropiques", "SARAL", "TRISHNA", "TARANIS",
    "Rosetta", "JUICE", "Euclid", "Pléiades Neo", "Galileo", "SuperCam", "InSight",
    "Space Climate Observatory", "ExoMars", "Kinéis", "CO3D",
]  # fmt: skip
THEMES = [
    ("Climate", "Climat"), ("Space exploration", "Exploration spatiale"),
    ("Innovation", "Innovation"), ("International cooperation", "Coopération "
     "internationale"), ("Earth observation", "Observation de la Terre"),
    ("Launchers", "Lanceurs"), ("Space science", "Sciences spatiales"),
    ("Telecommunications", "Télécommunications"),
]  # fmt: skip
EVENTS = [
    "International Astronautical Congress", "Paris Air Show", "One Planet Summit",
    "International Space Exploration Forum", "CNES International Affairs Seminar",
]  # fmt: skip
SPEAKERS = [
    ("Jean-Yves Le Gall", "CNES President"),
    ("Lionel Suchet", "CNES Chief Operating Officer"),
    ("Philippe Baptiste", "CNES Chairman & CEO"),
    ("Caroline Laurent", "CNES Director of Orbital Systems"),
    ("Jean-Marc Astorg", "CNES Director of Strategy"),
    ("Pierre Ulrich", "CNES Director of International Relations"),
]
CONTACTS = [
    ("Pascale Bresson", "Press Officer", "+33 (0)1 44 76 75 39"),
    ("Raphaël Sart", "Press Officer", "+33 (0)1 44 76 74 51"),
    ("Claire Dramas", "Press Officer", "+33 (0)5 61 27 40 19"),
    ("Julien Watelet", "Press Officer", "+33 (0)1 44 76 78 37"),
]
PARTNERS = (
    "JP IN US CN DE IT AE BR SG MA VN IL RU GB ES CA KR AU MX AR BE SE NO".split()
)
PLACES = ["Paris", "Toulouse", "Tokyo", "Bangalore", "Washington", "Abu Dhabi",
          "Kourou", "Beijing", "Berlin", "Rome", "Brasília", "Singapore"]  # fmt: skip
TITLES = {
    "en": [
        "{mission}: CNES and {nation} step up their cooperation",
        "{nation} and France sign a space agreement on {theme}",
        "{event}: CNES presents {mission} to its partners",
        "{mission} passes a new milestone with {nation}",
        "CNES and {nation}: a shared ambition for {theme}",
    ],
    "fr": [
        "{mission} : le CNES et {nation} renforcent leur coopération",
        "{nation} et la France signent un accord spatial sur {theme}",
        "{event} : le CNES présente {mission} à ses partenaires",
        "{mission} franchit une nouvelle étape avec {nation}",
        "Le CNES et {nation} : une ambition partagée pour {theme}",
    ],
}
SENTENCES = {
    "en": [
        "On {date} in {place}, {speaker}, {role}, met representatives of {nation} "
        "to discuss the {mission} mission.",
        "The agreement covers {theme}, data sharing and the training of engineers "
        "and scientists in both countries.",
        "{mission} will be launched from the Guiana Space Centre and will observe "
        "the oceans, the atmosphere and the continental surfaces.",
        "Space is an emblematic area of international cooperation, generating "
        "strong societal benefits for all citizens.",
        "The partners reviewed the progress of their joint programmes and agreed on "
        "a roadmap for the years ahead.",
        "New entrants to the space sector bring their experience and nurture the "
        "development of start-ups and their business.",
        "The satellites launched under this partnership measure greenhouse gases, "
        "sea levels and the water cycle with unprecedented precision.",
        "French industry, laboratories and CNES teams in Toulouse and Paris are "
        "working together on the instruments.",
    ],
    "fr": [
        "Le {date} à {place}, {speaker}, {role}, a rencontré les représentants de "
        "{nation} pour évoquer la mission {mission}.",
        "L’accord porte sur {theme}, le partage des données et la formation "
        "d’ingénieurs et de scientifiques des deux pays.",
        "{mission} sera lancé depuis le Centre spatial guyanais et observera les "
        "océans, l’atmosphère et les surfaces continentales.",
        "L’espace est un domaine emblématique de la coopération internationale, "
        "porteur de retombées sociétales pour tous les citoyens.",
        "Les partenaires ont fait le point sur leurs programmes communs et adopté "
        "une feuille de route pour les années à venir.",
        "Les nouveaux acteurs du secteur spatial apportent leur expérience et "
        "favorisent le développement des jeunes entreprises.",
        "Les satellites lancés dans le cadre de ce partenariat mesurent les gaz à "
        "effet de serre, le niveau des mers et le cycle de l’eau avec une précision "
        "inédite.",
        "L’industrie française, les laboratoires et les équipes du CNES à Toulouse "
        "et à Paris travaillent ensemble sur les instruments.",
    ],
}
QUOTES = {
    "en": [
        "This partnership with {nation} is a decisive step for {mission}.",
        "Together we are building an ambitious roadmap for {theme}.",
    ],
    "fr": [
        "Ce partenariat avec {nation} est une étape décisive pour {mission}.",
        "Ensemble, nous construisons une feuille de route ambitieuse pour {theme}.",
    ],
}


class Command(BaseCommand):
    help = (
        "Create COUNT releases shaped like the seed ones (nations, topics, quotes, "
        "speakers, contacts), in English and French, some in both, over 30 years."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, count, seed, **options):
        started = time.monotonic()
        generator = ReleaseGenerator(random.Random(seed))
        created = 0
        while created < count:
            size = min(BATCH_SIZE, count - created)
            with transaction.atomic():
                generator.create_batch(size)
            created += size
        content_loaded()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Created {created} releases in {elapsed:.0f} s.")


class ReleaseGenerator:
    def __init__(self, rng):
        self.rng = rng
        self.number = PressRelease.objects.aggregate(last=Max("pk"))["last"] or 0
        self.until = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.topics = self._topics()
        self.speakers = [
            Speaker.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "role": role}
            )[0]
            for name, role in SPEAKERS
        ]
        self.contacts = [
            Contact.objects.get_or_create(
                name=name, defaults={"role": role, "phone": phone}
            )[0]
            for name, role, phone in CONTACTS
        ]
        nations = PartnerNation.objects.in_bulk()
        partners = [nations[code] for code in PARTNERS if code in nations]
        others = [nation for code, nation in nations.items() if code not in PARTNERS]
        self.nations = partners * 20 + others

    def _topics(self):
        topics = {}
        for name in PROGRAMMES:
            topics[name] = self._topic(name, "", Topic.Kind.PROGRAMME)
        for name_en, name_fr in THEMES:
            topics[name_en] = self._topic(name_en, name_fr, Topic.Kind.THEME)
        for name in EVENTS:
            topics[name] = self._topic(name, "", Topic.Kind.EVENT)
        return topics

    def _topic(self, name_en, name_fr, kind):
        return Topic.objects.get_or_create(
            slug=slugify(name_en),
            defaults={"name_en": name_en, "name_fr": name_fr, "kind": kind},
        )[0]

    def create_batch(self, size):
        """Create ``size`` releases: stories told in one language, a share
        TRANSLATED of them also in the other, the translation linked to its
        original."""
        originals, translations = [], []
        while len(originals) + len(translations) < size:
            story = self._story()
            originals.append(self._version(story, story["language"]))
            room = len(originals) + len(translations) < size
            if room and self.rng.random() < TRANSLATED:
                other = "fr" if story["language"] == "en" else "en"
                translations.append((originals[-1][0], self._version(story, other)))
        PressRelease.objects.bulk_create([release for release, _ in originals])
        for original, (release, _) in translations:
            release.translation_of = original
        PressRelease.objects.bulk_create([release for _, (release, _) in translations])
        self._create_links([*originals, *(version for _, version in translations)])

    def _create_links(self, versions):
        nations, topics, quotes, speakers, contacts = [], [], [], [], []
        for release, plan in versions:
            for nation, category in plan["nations"]:
                nations.append(
                    ReleaseNation(release=release, nation=nation, category=category)
                )
            for topic in plan["topics"]:
                topics.append(
                    PressRelease.topics.through(pressrelease=release, topic=topic)
                )
            for position, (speaker, text) in enumerate(plan["quotes"]):
                quotes.append(
                    Quote(
                        release=release,
                        speaker=speaker,
                        role=speaker.role,
                        text=text,
                        text_html=f"<p>{escape(text)}</p>",
                        position=position,
                    )
                )
            for position, speaker in enumerate(plan["speakers"]):
                speakers.append(
                    ReleaseSpeaker(
                        release=release,
                        speaker=speaker,
                        role=speaker.role,
                        position=position,
                    )
                )
            for position, contact in enumerate(plan["contacts"]):
                contacts.append(
                    ReleaseContact(release=release, contact=contact, position=position)
                )
        ReleaseNation.objects.bulk_create(nations)
        PressRelease.topics.through.objects.bulk_create(topics)
        Quote.objects.bulk_create(quotes)
        ReleaseSpeaker.objects.bulk_create(speakers)
        ReleaseContact.objects.bulk_create(contacts)

    def _story(self):
        """Draw what a release says, in terms that read in either language."""
        rng = self.rng
        published_at = self.until - datetime.timedelta(
            seconds=rng.randrange(YEARS * 365 * 24 * 3600)
        )
        roll = rng.random()
        status = PressRelease.Status.PUBLISHED
        if roll < 0.01:
            status = PressRelease.Status.DRAFT
        if roll > 0.998:
            published_at = self.until + datetime.timedelta(days=rng.randint(1, 30))
        mission = rng.choice(PROGRAMMES)
        theme = rng.choice(THEMES)
        event = rng.choice(EVENTS)
        sentences = range(len(SENTENCES["en"]))
        nations = list(dict.fromkeys(rng.sample(self.nations, rng.randint(1, 4))))
        return {
            "language": "fr" if rng.random() < 0.35 else "en",
            "nations": [(nation, rng.choice(CATEGORIES)) for nation in nations],
            "mission": mission,
            "theme": theme,
            "event": event,
            "speaker": rng.choice(self.speakers),
            "place": rng.choice(PLACES),
            "published_at": published_at,
            "status": status,
            "title": rng.randrange(len(TITLES["en"])),
            "paragraphs": [
                rng.sample(sentences, rng.randint(2, 4))
                for _ in range(rng.randint(3, 5))
            ],
            "has_summary": rng.random() < 0.6,
            "topics": list(
                dict.fromkeys(
                    [
                        self.topics[mission],
                        self.topics[theme[0]],
                        *([self.topics[event]] if rng.random() < 0.3 else []),
                    ]
                )
            ),
            "quotes": [
                (quoted, rng.randrange(len(QUOTES["en"])))
                for quoted in rng.sample(self.speakers, rng.randint(0, 2))
            ],
            "speakers": rng.sample(self.speakers, rng.randint(1, 2)),
            "contacts": rng.sample(self.contacts, rng.randint(1, 2)),
        }

    def _version(self, story, language):
        """Return the story's release in the language, and what it links to."""
        self.number += 1
        nation = story["nations"][0][0]
        theme_en, theme_fr = story["theme"]
        published_at = story["published_at"]
        slots = {
            "mission": story["mission"],
            "nation": nation.name_fr if language == "fr" else nation.name_en,
            "theme": (theme_fr if language == "fr" else theme_en).lower(),
            "event": story["event"],
            "speaker": story["speaker"].name,
            "role": story["speaker"].role,
            "place": story["place"],
            "date": published_at.date().isoformat(),
        }
        title = TITLES[language][story["title"]].format(**slots)
        paragraphs = [
            " ".join(SENTENCES[language][index].format(**slots) for index in indexes)
            for indexes in story["paragraphs"]
        ]
        release = PressRelease(
            title=title,
            slug=f"{slugify(title)[:180]}-{self.number}",
            language=language,
            summary=paragraphs[0] if story["has_summary"] else "",
            body="\n\n".join(paragraphs),
            body_html="\n".join(f"<p>{escape(p)}</p>" for p in paragraphs),
            body_text="\n\n".join(paragraphs),
            status=story["status"],
            published_at=published_at,
            event_place=story["place"],
            event_date=published_at.date(),
        )
        plan = {
            "nations": story["nations"],
            "topics": story["topics"],
            "quotes": [
                (quoted, QUOTES[language][index].format(**slots))
                for quoted, index in story["quotes"]
            ],
            "speakers": story["speakers"],
            "contacts": story["contacts"],
        }
        return release, plan
