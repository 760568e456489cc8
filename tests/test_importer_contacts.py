"""The importer: the press contacts at the foot of a release."""

import pytest

from releases.importer import ParsedContact
from tests.test_importer import release


@pytest.mark.parametrize(
    ("foot", "contacts"),
    [
        (
            "Pascale Bresson\u00a0 \u00a0 Press Officer\u00a0 \u00a0 "
            "Tel. +33 (0)1 44 76 75 39",
            [
                ParsedContact(
                    "Pascale Bresson", "Press Officer", "+33 (0)1 44 76 75 39", ""
                )
            ],
        ),
        (
            "Raphaël Sart – Attachée de presse – Tél. : 01 44 76 74 51 – "
            "raphael.sart@cnes.fr",
            [
                ParsedContact(
                    "Raphaël Sart",
                    "Attachée de presse",
                    "01 44 76 74 51",
                    "raphael.sart@cnes.fr",
                )
            ],
        ),
        (
            "Contact presse : Pascale Bresson – Tél. : 01 44 76 75 39",
            [ParsedContact("Pascale Bresson", "", "01 44 76 75 39", "")],
        ),
        (
            "Press contacts\nMarie-Anne Le Tréhour\tPress Officer\t"
            "Tel: +33 5 61 27 40 05\nmarie-anne.le-trehour@cnes.fr",
            [
                ParsedContact(
                    "Marie-Anne Le Tréhour",
                    "Press Officer",
                    "+33 5 61 27 40 05",
                    "marie-anne.le-trehour@cnes.fr",
                )
            ],
        ),
        (
            "Pascale Bresson\nPress Officer\nTel. 01 44 76 75 39\n"
            "pascale.bresson@cnes.fr",
            [
                ParsedContact(
                    "Pascale Bresson",
                    "Press Officer",
                    "01 44 76 75 39",
                    "pascale.bresson@cnes.fr",
                )
            ],
        ),
    ],
    ids=["spaces", "dashes", "inline-heading", "tabs-heading", "block"],
)
def test_contact_foot_layouts(foot, contacts):
    parsed = release(f"CNES signed an agreement.\n\n{foot}\n")

    assert (parsed.contacts, parsed.body) == (contacts, "CNES signed an agreement.")
