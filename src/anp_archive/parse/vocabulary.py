"""The Dutch words the parser reads, in one place for every reader.

Ages in every spelling, ``Meer uit``, ``Net binnen``, read-more phrases, captions and
credits, weekdays, months and clock times: the age reader, the line classifier, the
repairs of glued ages, the lead and the ticker all take their patterns from here, so a
spelling added once ("2 u geleden") is read as an age and leaves the item text everywhere
at once. Fragments are non-capturing groups unless a reader needs a named group.
"""

from __future__ import annotations

import re

__all__ = [
    "AD", "AGE_AMOUNT", "AGE_HEDGE", "AGE_IN_PLACE", "AGE_LINE", "AGE_MARKERS", "AGE_NUMBER",
    "AGE_NUMBER_WORDS", "AGE_UNIT", "AGE_UNITS", "AGE_WORDS", "BADGE", "BOX_WORDS", "BYLINE",
    "CAPTION", "CHROME_LEAD_IN", "CLOCK", "CLOCK_IN", "CLOCK_ONLY", "CLOCK_RAW", "CLOCK_UNIT",
    "CREDIT", "CREDIT_LINE", "DATE_LINE", "DATE_LINE_ENDINGS", "DATE_LINE_OPENINGS", "DAY_HEADING",
    "DAY_PARTS", "EMBED", "EMBED_SIGNATURE", "HEDGE_BEFORE", "KNOWN_AGE", "KNOWN_TRAILING",
    "LABELLED_TIME",
    "LEADING_AGE", "MEER_UIT", "MEER_UIT_PHRASE", "META_LABEL", "MONTHS", "MONTH_NUMBERS",
    "NET_BINNEN", "NET_BINNEN_PHRASE", "NOISE", "NOISE_OPENINGS", "NOT_AGENCIES", "NUMBER_WORDS",
    "OTHER_LIST", "READ_MORE", "READ_MORE_PHRASES", "READ_MORE_TAIL", "SECTION_CLOCK",
    "SECTION_LINK", "SECTION_TAIL", "SEE_ALL", "SHARE_WORDS", "SHOWN_DATE", "SHOWN_TIME",
    "TRAILING_AGE", "TRAILING_DAY_TIME", "TRAILING_VAGUE_AGE", "UPDATED_LABELS", "UPDATED_LINE",
    "VAGUE_AGE", "WEEKDAYS", "WEEKDAY_NAMES", "lowers_plainly",
]

# Letters that IGNORECASE matches to an ASCII letter of the patterns but that ``str.lower``
# does not turn into it: dotless and dotted I, long S, the Kelvin sign.
_ODD_CASE = re.compile("[\u0131\u0130\u017f\u212a]")


def lowers_plainly(text: str) -> bool:
    """Does ``text.lower()`` meet the patterns' IGNORECASE letter for letter?

    Then a word test on the lower-cased text can refuse a line before any pattern is tried
    (most lines are chrome that is none of the words): almost all text, ASCII or Dutch.
    """
    return text.isascii() or _ODD_CASE.search(text) is None


# --- Ages ------------------------------------------------------------------------------

# Each spelling of an age unit sites print, and the unit it stands for ("50 min. geleden",
# "2 u geleden", "9m geleden"). AGE_UNIT below must admit exactly these spellings: the
# reader looks the matched text up here.
AGE_UNITS: dict[str, str] = {
    "seconde": "s", "seconden": "s", "sec": "s", "sec.": "s",
    "minuut": "min", "minuten": "min", "min": "min", "mins": "min", "min.": "min",
    "mins.": "min", "m": "min",
    "uur": "h", "uren": "h", "u": "h", "h": "h",
    "dag": "d", "dagen": "d", "d": "d",
    "week": "w", "weken": "w", "w": "w",
    "maand": "mo", "maanden": "mo",
    "jaar": "y", "jaren": "y",
}
# Built from that table, so the two cannot drift apart. Longer forms first, so "uur" is
# never read as "u" followed by "ur"; a one-letter unit ends its word ("2 u geleden", not
# the "d" of "2 dozijn").
AGE_UNIT = "(?:" + "|".join(
    re.escape(unit) + (r"(?![^\W\d_])" if len(unit) == 1 else "")
    for unit in sorted(AGE_UNITS, key=len, reverse=True)
) + ")"
# "Eén uur geleden" lower-cases to "eén"; "Twee dagen geleden".
NUMBER_WORDS: dict[str, int] = {
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}
AGE_NUMBER_WORDS = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
# The number of an age: digits, or the number as a word ("Eén uur geleden").
AGE_NUMBER = rf"(?:(?<!\d)\d{{1,9}}\s*|(?<!\w){AGE_NUMBER_WORDS}\s+)"
# An amount of time, in one unit or two ("1 uur, 5 minuten", "2 uur en 5 min").
AGE_AMOUNT = rf"{AGE_NUMBER}{AGE_UNIT}(?:\s*(?:,|\ben\b)?\s*{AGE_NUMBER}{AGE_UNIT})?"
# Words that make an age approximate ("ruim 2 uur geleden", "ongeveer een uur geleden"):
# still the item's age, but it names no interval we could state without a guess.
AGE_HEDGE = (
    r"(?:ruim|bijna|ongeveer|circa|ca\.|zo['’]n|pakweg|krap|nog\s+geen"
    r"|(?:iets\s+)?(?:meer|minder)\s+dan)\s+"
)
# A hedge right before an age found in a line (searched up to the age's start).
HEDGE_BEFORE = re.compile(rf"(?<![^\W\d_]){AGE_HEDGE}$", re.IGNORECASE)
# The part of the day, printed instead of an age ("vanochtend"): this day, before now.
DAY_PARTS = frozenset({"vanochtend", "vanmorgen", "vanmiddag", "vanavond", "vannacht"})
_DAY_PART = "|".join(sorted(DAY_PARTS))
# A bare compact age on a line of its own, or after an item's last sentence: "9m", "2u".
# Lower case only, in every pattern: "3D" is a label, not three days.
_COMPACT_AGE = r"(?-i:\d{1,3}[muhdw])"

# Labels we can read. Kept strict: anything else that ends in "geleden" is still an age
# (see AGE_LINE) but reads as unknown, i.e. nulls, never a guess: a hedged age, and
# "vannacht" (last night or the night now ending).
KNOWN_AGE = re.compile(
    rf"(?P<n>\d{{1,9}}|{AGE_NUMBER_WORDS})\s*(?P<unit>{AGE_UNIT})"
    rf"(?:\s*(?:,|\ben\b)?\s*(?P<n2>\d{{1,9}}|{AGE_NUMBER_WORDS})\s*(?P<unit2>{AGE_UNIT}))?"
    r"\s+geleden"
    r"|(?P<cn>\d{1,3})(?P<cunit>[muhdw])"
    r"|(?P<word>gisteren|eergisteren|zojuist|net|nu|zonet|zo-even|zoeven"
    r"|vanochtend|vanmorgen|vanmiddag|vanavond)",
    re.IGNORECASE,
)
# The ages that are one word ("Gisteren", "net").
AGE_WORDS = frozenset({"gisteren", "eergisteren", "zojuist", "net", "zonet", "zo-even", "zoeven"})
# What shows an age somewhere in a text, for a look at a whole container (the HTML walk):
# "geleden" and the one-word ages, on lower-cased text. Not "net", which is in
# "internet" and "kabinet" (and "Net binnen" is looked for as a phrase), nor the parts of
# the day, which chrome uses too ("vanavond op tv"); a list of items has datelines anyway.
AGE_MARKERS = ("geleden", *sorted(AGE_WORDS - {"net", "eergisteren"}))
# A whole line that is an age label: the known forms (also capitalised: "Eén uur geleden",
# "Gisteren"); "Vuurwerkramp Enschede 26 jaar geleden" is a headline.
AGE_LINE = re.compile(
    rf"(?:{AGE_HEDGE})?{AGE_AMOUNT}\s+geleden|{_COMPACT_AGE}|"
    + "|".join(re.escape(word) for word in sorted(AGE_WORDS | DAY_PARTS,
                                                   key=lambda w: (-len(w), w))),
    re.IGNORECASE,
)
# A short lower-case phrase ending in "geleden" ("enige tijd geleden"). Case-sensitive on
# purpose: "enige tijd geleden" is an age, "Ramp 26 jaar geleden" a headline.
VAGUE_AGE = re.compile(r"[a-zà-ÿ]+(?: [a-zà-ÿ]+){0,3} geleden")
# An age glued before the next item ("50 minuten geledenWASHINGTON (ANP) - ...").
LEADING_AGE = re.compile(
    rf"(?P<age>{AGE_AMOUNT}\s+geleden|gisteren|eergisteren|zojuist|net|{_DAY_PART}"
    rf"|{_COMPACT_AGE}(?=[^\W\d_]))(?P<rest>.+)",
    re.IGNORECASE,
)
# An age closing a line, perhaps with its region ("... 2 uur geleden in Zeeland").
# (Its hedge is looked for before it by HEDGE_BEFORE: in the pattern, tried at each
# position of the tail, it made the search three times slower.)
TRAILING_AGE = re.compile(
    rf"(?P<age>{AGE_AMOUNT}\s+geleden|gisteren|eergisteren|zojuist)"
    r"(?:\s+in\s+[^\W\d_][\w'-]*(?:\s[^\W\d_][\w'-]*)?)?$",
    re.IGNORECASE,
)
# An unreadable age after a finished sentence: "... telefoon. enige tijd geleden".
# (A compact "9m" there takes a space before it: "1.5m" is a length.)
TRAILING_VAGUE_AGE = re.compile(
    rf"(?<=[.!?\"”…])\s*(?P<age>net|{_DAY_PART}|(?<=\s){_COMPACT_AGE}"
    r"|(?:[^\W\d_]+ ){1,3}geleden)$",
    re.IGNORECASE,
)
# The region after an age ("... geleden in Zeeland").
AGE_IN_PLACE = re.compile(r"\s+in\s+[^\W\d_][\w'-]*(?:\s[^\W\d_][\w'-]*)?$")
# The label before an age in a meta line ("Geplaatst: 22 minuten geleden").
META_LABEL = re.compile(
    r"(?:geplaatst|gepubliceerd|bijgewerkt|toegevoegd|aangepast|update)\s*(?:op)?\s*:?\s*",
    re.IGNORECASE,
)

# --- Headings: Meer uit, Net binnen, other lists -----------------------------------------

MEER_UIT_PHRASE = r"meer\s+(?:nieuws\s+)?uit"
MEER_UIT = re.compile(rf"{MEER_UIT_PHRASE}(?:\s+(?:de\s+rubriek\s+)?(?P<section>.+))?",
                      re.IGNORECASE)
# "Meer uit Zeeland (4)", "Meer uit Zeeland Bekijk alles", "Meer uit Sport »"
SECTION_TAIL = re.compile(
    r"\s*(?:\(\d+\)|[»›>→]+|\b(?:bekijk|toon|alle|lees|naar)\b.*)$", re.IGNORECASE
)
NET_BINNEN_PHRASE = r"net\s+binnen"
NET_BINNEN = re.compile(rf"{NET_BINNEN_PHRASE}\s*:?", re.IGNORECASE)
# A link to a section after an age ("3 uur geleden Meer Buitenland").
SECTION_LINK = re.compile(
    r"(?:meer|alles|alle berichten)\s+(?:uit\s+|over\s+)?\S+(?:\s+\S+)?\s*[»›>→]?", re.IGNORECASE
)
# Headings of the other lists a page shows after its ticker ("Meest gelezen" with ages and
# datelines of its own): the ticker ends there.
OTHER_LIST = re.compile(
    r"(?:meest\s+(?:gelezen|bekeken|gedeeld|besproken)|populair(?:e|ste)?(?:\s+(?:nieuws"
    r"|berichten|artikelen))?|ook\s+interessant|aanbevolen(?:\s+voor\s+(?:jou|u))?|uitgelicht"
    r"|trending|gerelateerde?\s+(?:berichten|artikelen|nieuws)|andere\s+lezers\s+(?:lazen|bekeken)"
    r"(?:\s+ook)?|(?:het\s+)?laatste\s+nieuws)\s*[:»›>]?",
    re.IGNORECASE,
)
# Headings that split an index page's list by day ("Vandaag", "Eerder deze week"): never
# the section. (Dates and weekdays are date lines already, "Gisteren" an age.)
DAY_HEADING = re.compile(
    r"(?:vandaag|gisteren|eergisteren|eerder|ouder|vannacht|vanochtend|vanmorgen|vanmiddag"
    r"|vanavond|(?:eerder|deze|vorige|afgelopen)\s+(?:deze\s+)?(?:week|maand)|ouder\s+nieuws"
    r"|eerdere\s+berichten)\s*:?",
    re.IGNORECASE,
)

# --- Dates and clock times ---------------------------------------------------------------

CLOCK = r"(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)"
CLOCK_RAW = r"(?:[01]?\d|2[0-3])[:.][0-5]\d"
CLOCK_ONLY = re.compile(rf"{CLOCK}(?:\s*uur)?")
# A clock time inside a line, not part of a longer number ("12.345", "1:2:3").
CLOCK_IN = re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d:])")
CLOCK_UNIT = re.compile(r"^(?:uur|u\.?)(?:\s+|$)")  # "13:47 uur Automobilist gewond"
SECTION_CLOCK = re.compile(rf"(?P<section>[^\d:]{{0,40}}?)\s*{CLOCK}(?:\s*uur)?")
WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo"
WEEKDAY_NAMES = frozenset(WEEKDAYS.split("|"))
MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
          "|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
DATE_LINE = re.compile(
    rf"(?:(?:{WEEKDAYS})\.?\s*,?\s*)?\d{{1,2}}\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?"
    rf"(?:\s*,?\s*(?:om\s+)?{CLOCK_RAW}(?:\s*uur)?)?|(?:{WEEKDAYS})|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"(?:\s*,?\s*{CLOCK_RAW})?|{CLOCK_RAW}",
    re.IGNORECASE,
)
# How a date line opens (a digit or a weekday) and ends (a digit, "." or the last letter of
# a weekday, a month or "uur"): a lower-cased line that opens or ends otherwise is none.
DATE_LINE_OPENINGS = frozenset(day[0] for day in WEEKDAY_NAMES)
DATE_LINE_ENDINGS = frozenset(
    {day[-1] for day in WEEKDAY_NAMES} | {month[-1] for month in MONTHS.split("|")} | {"r", "."}
)
# The number of each month name and abbreviation in MONTHS.
MONTH_NUMBERS: dict[str, int] = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
# An absolute time a ticker shows instead of an age: "10:42", "10.42 uur", "vandaag 10:42",
# "gisteren 23:10", "3 december 14:05", "3 dec. 2026, om 14:05 uur".
SHOWN_TIME = re.compile(
    r"(?:(?P<word>vandaag|gisteren|eergisteren)\s*,?\s*(?:om\s+)?"
    rf"|(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\.?(?:\s+(?P<year>\d{{4}}))?\s*,?\s*(?:om\s+)?)?"
    rf"{CLOCK}(?:\s*uur|\s*u\.?)?",
    re.IGNORECASE,
)
# A date a ticker shows instead of an age, without a clock time: "3 mrt", "di 3 maart 2026",
# "03-03-2026" (the day first, as Dutch sites print it; only with the year in full).
SHOWN_DATE = re.compile(
    rf"(?:(?:{WEEKDAYS})\.?\s*,?\s*)?(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\.?"
    r"(?:\s+(?P<year>\d{4}))?"
    r"|(?P<nday>\d{1,2})[-/.](?P<nmonth>\d{1,2})[-/.](?P<nyear>\d{4})",
    re.IGNORECASE,
)
# A <time> labelled with one of these is when the story changed, not when it was published.
UPDATED_LABELS = ("bijgewerkt", "update", "aangepast", "gewijzigd", "modified")
# "Bijgewerkt: 20 juni 2026, 10:58" closes a story.
# (A date or clock time must follow the label: "Aangepast plan voor 2027" is a subheading.)
UPDATED_LINE = re.compile(
    r"(?:bijgewerkt|gepubliceerd|laatste update|laatst bijgewerkt|geplaatst|aangepast)"
    rf"\s*(?:op|om)?\s*:?\s*(?:(?:vandaag|gisteren|{WEEKDAYS})\.?\s*,?\s*(?:om\s+)?)?"
    r"\d{1,4}(?:[-/.:]\d|\s+[^\W\d_]+).{0,40}",
    re.IGNORECASE,
)

# --- Bylines, captions, credits ----------------------------------------------------------

BYLINE = re.compile(
    r"(?:door|bron|foto|gepubliceerd|bijgewerkt|laatste\s+update|geplaatst|aangepast)\b",
    re.IGNORECASE,
)
# A photo caption or credit: a copyright sign anywhere, a photo word opening the line, or
# a photo agency closing it ("Archieffoto ter illustratie. Ⓒ Hollandse Hoogte / ...",
# "Foto: ANP", "De dijk bij Kats. Beeld ANP / Lex de Boer"). Never a title.
CAPTION = re.compile(
    r".{0,300}?(?:[©Ⓒ]|\(c\)\s|\bcopyright\b)"
    r"|(?:archief)?(?:foto|beeld|illustratie)(?:\s+ter\s+illustratie)?\b\s*[:.(|/-].*"
    r"|.{0,300}?\b(?:foto|beeld)\s*:?\s*(?:anp|hollandse hoogte|getty|reuters|afp|epa)\b.*"
    r"|.{0,300}?/\s*(?:anp|hollandse hoogte|getty images|reuters|afp|epa)(?:\s+foto)?\s*",
    re.IGNORECASE | re.DOTALL,
)
# Credits and captions inside a story: dropped, but the story goes on.
CREDIT = re.compile(
    r"(?:door|bron|foto|beeld|tekst|redactie)\s*:.{0,60}|.{0,200}\(\s*(?:foto|beeld)\s*:[^)]{1,60}\)",
    re.IGNORECASE,
)
# A credit closing a story ("© ANP").
CREDIT_LINE = re.compile(r"(?:©|\(c\)|copyright\b).{0,60}|\(?anp\)?", re.IGNORECASE)
# The source badge before a headline ("ANP Kabinet ...", glued "ANPKabinet ...").
BADGE = re.compile(r"ANP(?:\s+|(?=[A-ZÀ-Þ][a-zà-ÿ]))(?=[^a-zà-ÿ\s])")
# Words in brackets after a place that are remarks, not (lower-case) agencies: "(zie foto)".
NOT_AGENCIES = frozenset({"foto", "red", "red.", "upd", "upd.", "zie", "ed.", "bron"})

# --- Chrome: read-more links, share bars, ads, boxes -------------------------------------

# Chrome that sits between ticker items and must never become a headline.
NOISE = re.compile(
    r"(?:advertentie|advertisement|reclame|gesponsord|sponsored"
    # A bare link label ("Lees", "Lees artikel", "Bekijk") names no story: never a headline.
    r"|lees(?: (?:meer|verder|ook|artikel|het artikel|bericht))?|bekijk|verder|meer"
    r"|meer nieuws|deel(?: dit (?:artikel|bericht))?|delen|reageer|reacties?|\d+ reacties?"
    r"|reacties? \(\d+\)|\(\d+\)|deel op \w+|share|tweet|whatsapp|facebook|e-?mail|print"
    r"|foto|video|bekijk (?:de )?video|luister|anp)\s*[:»›>]?",
    re.IGNORECASE,
)
# The first three letters of NOISE's words: a lower-cased ASCII line that opens otherwise
# (and not with a digit or "(") is no NOISE, so the pattern need not be tried. A word added
# to NOISE needs its opening here too (tests/parse/test_prefilters.py checks).
NOISE_OPENINGS = frozenset({
    "adv", "rec", "ges", "spo", "lee", "bek", "ver", "mee", "dee", "del", "rea", "sha", "twe",
    "wha", "fac", "e-m", "ema", "pri", "fot", "vid", "lui", "anp",
})
# Ad slots inside a story. (Other chrome words such as "Reacties" or "Reclame" can be real
# subheadings; sites label their ad slots "Advertentie".)
AD = re.compile(r"advertentie|advertisement|gesponsord|sponsored|ad", re.IGNORECASE)
# Links to the whole article (line text is whitespace-normalised: single spaces).
READ_MORE_PHRASES = (r"lees (?:meer|verder|het (?:hele|volledige) (?:artikel|bericht))"
                     r"|meer lezen|verder lezen|naar (?:het )?artikel")
READ_MORE = re.compile(rf"(?:lees ook|{READ_MORE_PHRASES})\b", re.IGNORECASE)
# A link to the whole section or list beside a ticker's heading ("Bekijk alles", "Alle
# berichten »", "Toon meer"): never an item's headline, and never its permalink.
SEE_ALL = re.compile(
    r"(?:(?:bekijk|toon|laat|zie)\s+(?:alles|alle\s+\w+|meer)(?:\s+zien)?"
    r"|alles\s+(?:bekijken|tonen|zien)|alle\s+(?:berichten|artikelen|nieuwsberichten)"
    r"|laad\s+meer|meer\s+laden)\s*[»›>→]*",
    re.IGNORECASE,
)
# An inline "Lees meer »" link after an item's last sentence is chrome, not wire text.
READ_MORE_TAIL = re.compile(
    rf"(?<=[.!?\"”…)])\s*(?:{READ_MORE_PHRASES}|meer)\s*[»›>→]*$", re.IGNORECASE
)
# Lines that close a story on many sites, whatever comes before them.
KNOWN_TRAILING = re.compile(
    r"(?:©|\(c\)|copyright\b).{0,60}|\(?anp\)?|(?:bericht|artikel)\s*navigatie"
    r"|gerelateerde?\s+(?:berichten|artikelen|nieuws)|(?:tags|trefwoorden|onderwerpen)\s*:.*",
    re.IGNORECASE,
)
# Labels ending in ':' that open chrome, not a list of the story's own.
CHROME_LEAD_IN = re.compile(
    r"(?:tags|trefwoorden|onderwerpen|lees\s+(?:ook|meer)|meer\s+over|zie\s+ook|bekijk\s+ook"
    r"|deel|delen|volg|gerelateerd|reageer|reacties)\b",
    re.IGNORECASE,
)
# The placeholder of an embedded post or video: "Bekijk deze post op X".
EMBED = re.compile(
    r"(?:bekijk|bekijken|open|lees)\s+(?:deze|dit|de|het)\s+(?:post|bericht|video|tweet|foto"
    r"|reel|inhoud)\s+(?:op|via|in)\s+\w+|bekijk\s+op\s+(?:x|twitter|instagram|youtube"
    r"|tiktok|facebook|bluesky|threads)\b|(?:deze|de)\s+(?:inhoud|video|post|tweet)\s+kan"
    r"\s+niet\s+worden\s+(?:weergegeven|getoond|geladen)",
    re.IGNORECASE,
)
# The signature under an embedded social media post as its markup prints it before the
# site's script replaces it: "— Meteo Roma (@meteoroma) March 10, 2026".
EMBED_SIGNATURE = re.compile(r"[—–-]\s*[^()]{1,80}\(@\w{1,40}\)")
# Words of boxes set into a story (newsletter, subscription, consent). Phrases, not words:
# a quote or a list in the story says "zonder toestemming van de ouders" or "bezwaar
# aanmelden bij de school".
BOX_WORDS = re.compile(
    r"nieuwsbrief|meld je (?:nu )?aan|(?:nu|gratis|direct|hier) aanmelden|abonneer"
    r"|(?:neem|word|sluit)\s+(?:nu\s+)?(?:een\s+|je\s+|uw\s+)?(?:abonnement|abonnee)"
    r"|met een abonnement|alleen voor abonnees|premium(?:-?artikel|\s+content)|cookie"
    r"|toestemming (?:te )?geven|geef (?:je |jouw |uw )?toestemming|(?:jouw|je|uw) toestemming"
    r"|toestemming voor (?:sociale|social) media|kan niet worden (?:weergegeven|getoond|geladen)"
    r"|(?:je|u) (?:hebt|heeft) (?:nog )?geen toestemming|schrijf je (?:nu )?in|volg ons"
    r"|download (?:de|onze) app|(?:je|jouw|uw) e-mailadres",
    re.IGNORECASE,
)
# The words of a share bar ("Deel dit artikel: Facebook | X | WhatsApp").
SHARE_WORDS = frozenset({
    "deel", "dit", "artikel", "bericht", "delen", "share", "facebook", "twitter", "x",
    "whatsapp", "linkedin", "e-mail", "email", "mail", "kopieer", "link", "op", "via",
    "pinterest", "messenger", "telegram", "print", "reddit",
})


# A shown time with its day or date after an item's last sentence ("... ontruimd. Vandaag
# 08:05", "... gesloten. gisteren om 21:14 uur", "... dicht. Gepubliceerd op 10 maart 2026
# om 13:05", "... geopend. 3 mrt"); a bare clock time there is left alone, and so is a
# "Bijgewerkt" time (when the story changed, not when it was published).
_DATE = rf"\d{{1,2}}\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?"
_DAY_TIME = (
    rf"(?:(?:vandaag|gisteren|eergisteren|{_DATE})\s*,?\s*(?:om\s+)?{CLOCK_RAW}(?:\s*uur)?"
    rf"|(?:(?:{WEEKDAYS})\.?\s*,?\s*)?{_DATE}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}})"
)
_PUBLISHED = r"(?:gepubliceerd|geplaatst)\s*(?:op)?\s*:?\s*"
TRAILING_DAY_TIME = re.compile(
    rf"(?<=[.!?\"”…])\s*(?:{_PUBLISHED})?(?P<age>{_DAY_TIME})$", re.IGNORECASE
)
# The same time on a line of its own after its label ("Geplaatst: vandaag 14:05").
LABELLED_TIME = re.compile(
    rf"{_PUBLISHED}(?P<age>{_DAY_TIME}|{CLOCK_RAW}(?:\s*uur)?)", re.IGNORECASE
)
