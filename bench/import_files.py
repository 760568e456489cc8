"""Time `manage.py import_releases` on generated plain-text releases.

    python bench/import_files.py [COUNT]

Writes COUNT (default 1000) release files shaped like the seed releases into a
temporary folder, migrates a throw-away SQLite database, then times the import
(twice: the second run finds every release unchanged) and prints the figures.
"""

import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MONTHS_EN = "January February March April May June July August September October "
MONTHS_EN = (MONTHS_EN + "November December").split()
MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre "
MONTHS_FR = (MONTHS_FR + "novembre décembre").split()
NATIONS_EN = [
    "Japan",
    "India",
    "the United States",
    "China",
    "Germany",
    "Brazil",
    "the United Arab Emirates",
    "Singapore",
    "Morocco",
    "Vietnam",
    "Israel",
    "Australia",
    "Canada",
    "Mexico",
    "South Korea",
    "Italy",
]
NATIONS_FR = [
    "le Japon",
    "l’Inde",
    "les États-Unis",
    "la Chine",
    "l’Allemagne",
    "le Brésil",
    "les Émirats arabes unis",
    "Singapour",
    "le Maroc",
    "le Viêt Nam",
    "Israël",
    "l’Australie",
    "le Canada",
    "le Mexique",
]
PLACES = ["Tokyo", "Paris", "Toulouse", "Bangalore", "Washington", "Abu Dhabi"]
PEOPLE = [
    ("CNES President", "Jean-Yves Le Gall"),
    ("CNES Chief Operating Officer", "Lionel Suchet"),
    ("CNES Director of Strategy", "Pierre Tréfouret"),
    ("CNES Chairman and CEO", "Philippe Baptiste"),
]
CONTACTS = [
    ("Pascale Bresson", "Press Officer", "+33 (0)1 44 76 75 39"),
    ("Raphaël Sart", "Press Officer", "+33 (0)1 44 76 74 51"),
    ("Claire Dramas", "Press Officer", "+33 (0)5 61 27 40 19"),
]


def english(rng, number, day):
    role, name = rng.choice(PEOPLE)
    nations = ", ".join(rng.sample(NATIONS_EN, rng.randint(1, 4)))
    month = MONTHS_EN[day.month - 1]
    contacts = rng.sample(CONTACTS, rng.randint(1, 2))
    paragraphs = [
        f"{month} {day.day}, {day.year}",
        f"CNES and its partners meet on space cooperation, release {number}",
        f"{day:%A} {day.day} {month} in {rng.choice(PLACES)}, {role} {name} met "
        f"representatives of {nations} to review joint missions in climate "
        "observation and exploration.",
        "Cooperation is key to projects that exceed the resources of any single "
        "country:",
        "- climate monitoring from space;\n- exploration of the Moon and Mars;\n"
        "- *innovation* with start-ups.",
        f"{name} commented: “Our partnerships have never been stronger, and we "
        "will step up our joint work in the years ahead.”",
        "\n".join(f"{n}    {r}    Tel. {p}" for n, r, p in contacts),
    ]
    return "\n\n".join(paragraphs) + "\n"


def french(rng, number, day):
    nations = ", ".join(rng.sample(NATIONS_FR, rng.randint(1, 3)))
    month = MONTHS_FR[day.month - 1]
    contacts = rng.sample(CONTACTS, 1)
    paragraphs = [
        f"Publié le {day.day} {month} {day.year}",
        f"Le CNES renforce sa coopération spatiale, communiqué {number}",
        f"Le {day.day} {month} à {rng.choice(PLACES)}, le président du CNES, "
        f"Jean-Yves Le Gall, a rencontré {nations}.",
        "« Nos partenariats sont au cœur de notre stratégie », a déclaré "
        "Jean-Yves Le Gall.",
        "\n".join(f"{n} – Attachée de presse – Tél. : {p}" for n, _, p in contacts),
    ]
    return "\n\n".join(paragraphs) + "\n"


def write_files(folder, count):
    rng = random.Random(2018)
    start = datetime.date(1995, 1, 1)
    for number in range(count):
        day = start + datetime.timedelta(days=rng.randrange(30 * 365))
        make = french if number % 4 == 3 else english
        (folder / f"release_{number:05}.txt").write_text(
            make(rng, number, day), encoding="utf-8"
        )


def run(args, env):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return elapsed, result.stdout.strip().rpartition("\n")[2]


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "releases"
        folder.mkdir()
        write_files(folder, count)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        run(["migrate", "--no-input", "-v0"], env)
        first, summary = run(["import_releases", str(folder)], env)
        print(
            f"first import of {count} files: {first:.1f} s "
            f"({count / first:.0f} files/s) – {summary}"
        )
        again, summary = run(["import_releases", str(folder)], env)
        print(f"second import (nothing to change): {again:.1f} s – {summary}")


if __name__ == "__main__":
    main()
