"""Country aliases and demonyms used to find partner nations in release text.

The ISO names themselves come from ``releases.countries``; this module adds the
short forms, adjectives and plurals that press releases actually use, plus the
phrases that look like a country but are not one.
"""

from releases.countries import COUNTRIES

# France and the French overseas territories are never a partner.
FRENCH_CODES = frozenset(
    {"FR", "GF", "GP", "MQ", "RE", "YT", "NC", "PF", "PM", "BL", "MF", "WF", "TF"}
)

# Official names that are also common words, first names or US states.
SKIPPED_NAMES = frozenset(
    {"Georgia", "Géorgie", "Dominique", "Grenade", "Jersey", "Guernesey", "Maurice"}
)

# Country names that are also first names: they may start a person's name.
NAME_LIKE = frozenset({"Chad", "Jordan", "Salvador"})

ENGLISH_ALIASES = {
    "AE": "UAE|Emirati|Emiratis",
    "AR": "Argentine|Argentinian|Argentinians",
    "AT": "Austrian",
    "AU": "Australian",
    "AZ": "Azerbaijani",
    "BD": "Bangladeshi",
    "BE": "Belgian",
    "BG": "Bulgarian",
    "BO": "Bolivian",
    "BR": "Brazilian",
    "CA": "Canadian",
    "CD": "Democratic Republic of Congo|DR Congo|DRC|Congo-Kinshasa",
    "CG": "Republic of Congo|Congo-Brazzaville",
    "CH": "Swiss",
    "CI": "Ivory Coast|Côte d'Ivoire|Ivorian",
    "CL": "Chilean",
    "CN": "Chinese|People's Republic of China|People’s Republic of China|PRC",
    "CO": "Colombian",
    "CR": "Costa Rican",
    "CU": "Cuban",
    "CV": "Cape Verde",
    "CY": "Cypriot",
    "CZ": "Czech Republic|Czech",
    "DE": "German|Germans",
    "DK": "Danish",
    "DZ": "Algerian",
    "EC": "Ecuadorian",
    "EE": "Estonian",
    "EG": "Egyptian",
    "ES": "Spanish",
    "ET": "Ethiopian",
    "FI": "Finnish",
    "GA": "Gabonese",
    "GB": "UK|U.K|Britain|Great Britain|British|Northern Ireland",
    "GH": "Ghanaian",
    "GR": "Greek",
    "HU": "Hungarian",
    "HR": "Croatian",
    "ID": "Indonesian",
    "IE": "Irish",
    "IL": "Israeli|Israelis",
    "IN": "Indian|Indians",
    "IQ": "Iraqi",
    "IR": "Iranian",
    "IS": "Icelandic",
    "IT": "Italian|Italians",
    "JO": "Jordanian",
    "JP": "Japanese",
    "KE": "Kenyan",
    "KP": "North Korean|DPRK",
    "KR": "Korea|Republic of Korea|Korean|Koreans",
    "KZ": "Kazakh|Kazakhstani",
    "LB": "Lebanese",
    "LK": "Sri Lankan",
    "LT": "Lithuanian",
    "LU": "Luxembourgish",
    "LV": "Latvian",
    "MA": "Moroccan",
    "MG": "Malagasy",
    "MK": "Macedonia",
    "ML": "Malian",
    "MM": "Burma",
    "MN": "Mongolian",
    "MT": "Maltese",
    "MX": "Mexican",
    "MY": "Malaysian",
    "NG": "Nigerian",
    "NL": "Holland|Dutch",
    "NO": "Norwegian",
    "NZ": "New Zealander",
    "OM": "Omani",
    "PE": "Peruvian",
    "PH": "Filipino|Philippine",
    "PK": "Pakistani",
    "PL": "Polish",
    "PT": "Portuguese",
    "QA": "Qatari",
    "RO": "Romanian",
    "RS": "Serbian",
    "RU": "Russian Federation|Russian|Russians",
    "SA": "Saudi|Saudi Arabian",
    "SE": "Swedish",
    "SG": "Singaporean",
    "SI": "Slovenian",
    "SK": "Slovak",
    "SN": "Senegalese",
    "TD": "Chadian",
    "TH": "Thai",
    "TN": "Tunisian",
    "TR": "Turkey|Turkish",
    "TW": "Taiwanese",
    "UA": "Ukrainian",
    "US": "United States of America|U.S|U.S.A|USA|US|American|Americans",
    "UY": "Uruguayan",
    "UZ": "Uzbek",
    "VE": "Venezuelan",
    "VN": "Viet Nam|Vietnamese",
    "ZA": "South African",
}

FRENCH_ALIASES = {
    "AE": "EAU|Émirats|Emirats arabes unis|émirien|émirati",
    "AR": "argentin",
    "AT": "autrichien",
    "AU": "australien",
    "BE": "belge",
    "BR": "brésilien",
    "CA": "canadien",
    "CD": "RDC|République démocratique du Congo",
    "CH": "suisse",
    "CI": "Côte d'Ivoire|ivoirien",
    "CL": "chilien",
    "CN": "chinois",
    "CZ": "République tchèque|tchèque",
    "DE": "allemand",
    "DK": "danois",
    "DZ": "algérien",
    "EG": "égyptien",
    "ES": "espagnol",
    "FI": "finlandais",
    "GA": "gabonais",
    "GB": "Grande-Bretagne|britannique",
    "GQ": "Guinée équatoriale",
    "GR": "grec|grecque|grecques",
    "ID": "indonésien",
    "IL": "israélien",
    "IN": "indien",
    "IT": "italien",
    "JP": "japonais",
    "KR": "Corée|coréen",
    "KZ": "kazakh|kazakhstanais",
    "LU": "luxembourgeois",
    "MA": "marocain",
    "MX": "mexicain",
    "NG": "nigérian",
    "NL": "néerlandais|Hollande",
    "NO": "norvégien",
    "NZ": "néo-zélandais",
    "PE": "péruvien",
    "PL": "polonais",
    "PT": "portugais",
    "RO": "roumain",
    "RU": "russe|Fédération de Russie",
    "SA": "saoudien",
    "SE": "suédois",
    "SG": "singapourien",
    "SN": "sénégalais",
    "TH": "thaïlandais",
    "TN": "tunisien",
    "TR": "turc|turque|turques",
    "UA": "ukrainien",
    "US": "Etats-Unis|américain",
    "VN": "Vietnam|Viet Nam|Viêt-nam|Viêt-Nam|vietnamien",
}

# National space agencies stand for their country.
AGENCIES = {
    "NASA": "US",
    "NOAA": "US",
    "JAXA": "JP",
    "ISRO": "IN",
    "DLR": "DE",
    "CNSA": "CN",
    "Roscosmos": "RU",
    "KARI": "KR",
    "ASI": "IT",
    "AEB": "BR",
    "CONAE": "AR",
}

# Phrases that contain a country word but name no partner nation.
NOT_NATIONS = (
    "Indian Ocean|Océan Indien|océan Indien|océan indien|Guiana|Guiana Space Centre|"
    "Guiana Space Center|Guyane|Centre spatial guyanais|New Space|New Mexico|"
    "New Jersey|New Guinea|Latin America|Latin American|South America|"
    "South American|North America|North American|Central America|"
    "Central American|Pan-American|latino-américain|sud-américain|nord-américain|"
    "Dominican|Congo|Congolese|Guinean|Korean Peninsula|Antarctica|Antarctique"
)


def _french_forms(word):
    """Return the masculine, feminine and plural forms of a French adjective."""
    if word[0].isupper() or " " in word:
        return [word]
    if word.endswith("e"):
        forms = [word, word + "s"]
    elif word.endswith("s"):
        forms = [word, word + "e", word + "es"]
    elif word.endswith("en"):
        forms = [word, word + "ne", word + "s", word + "nes"]
    else:
        forms = [word, word + "e", word + "s", word + "es"]
    return forms + [form[0].upper() + form[1:] for form in forms]


def _plural(word):
    return [word, word + "s"] if word.endswith(("an", "i")) else [word]


def build_lexicon():
    """Return a mapping of every known country form to its code, or "" to ignore."""
    lexicon = {}
    for code, english, french in COUNTRIES:
        for name in (english, french):
            if name not in SKIPPED_NAMES:
                lexicon[name] = code
                lexicon[name.replace("’", "'")] = code
    for code, aliases in ENGLISH_ALIASES.items():
        for alias in aliases.split("|"):
            for form in _plural(alias) if " " not in alias else [alias]:
                lexicon.setdefault(form, code)
    for code, aliases in FRENCH_ALIASES.items():
        for alias in aliases.split("|"):
            for form in _french_forms(alias):
                lexicon.setdefault(form, code)
    lexicon.update(AGENCIES)
    for phrase in NOT_NATIONS.split("|"):
        lexicon[phrase] = ""
    for alias in ("Côte d'Ivoire", "Côte d’Ivoire"):
        lexicon[alias] = "CI"
    for code in FRENCH_CODES:
        for key, value in list(lexicon.items()):
            if value == code:
                lexicon[key] = ""
    return lexicon


LEXICON = build_lexicon()

# Country words that are also family names after a first name ("François Hollande").
SURNAME_LIKE = frozenset(
    key
    for key, code in LEXICON.items()
    if code and " " not in key and key[:1].isupper() and not key.isupper()
)
