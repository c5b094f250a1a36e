"""The length limits of the layout logic, named, each with the reason for its value.

Lengths are in characters of whitespace-normalised line text; windows count lines. Most
limits are cheap refusals: a line longer than the longest form of a thing cannot be that
thing, so the regular expression behind it is never tried. (Markup limits, which bound the
work per page, are in ``limits.py``.)
"""

from __future__ import annotations

__all__ = [
    "AGE_LABEL_MAX",
    "AGE_REST_MAX",
    "AGE_TAIL_REACH",
    "BRACKET_AGE_REACH",
    "CHROME_LABEL_MAX",
    "DATE_LINE_MAX",
    "EMBED_MAX",
    "HEDGE_REACH",
    "ITEMS_FOLLOW_REACH",
    "LABEL_MAX",
    "LABEL_MAX_WORDS",
    "LATEST_SECTION_MAX",
    "LATEST_SECTION_MAX_SPACES",
    "LEAD_TIME_REACH",
    "META_LINE_MAX",
    "META_SEGMENT_MAX",
    "NEXT_TICKER_GAP",
    "NEXT_TICKER_REACH",
    "OTHER_LIST_MAX",
    "PARAGRAPH_MIN",
    "READ_MORE_LINE_MAX",
    "SECTION_CLOCK_MAX_SPACES",
    "SECTION_LOOKBACK",
    "SECTION_MAX",
    "SECTION_MAX_SPACES",
    "SECTION_SCAN",
    "SPLIT_DATELINE_BLOCKS",
    "SPLIT_DATELINE_JOINED_MAX",
    "SPLIT_DATELINE_MAX",
    "STORY_END_MAX",
    "SUBHEADING_MAX_SPACES",
    "TAIL_SPACE_REACH",
    "TICKER_TITLE_MIN_ITEMS",
    "TITLE_ABOVE_CAPTION",
    "TITLE_CANDIDATES",
    "TITLE_LOOKBACK",
    "TITLE_MAX",
    "TITLE_NEAR",
    "TRAILING_AGE_REACH",
    "TRAILING_CHROME_MAX",
    "TRAILING_CHROME_MAX_SPACES",
    "TRAILING_SHORT_MAX",
    "WEBMAIL_MAX_SPACES",
]

# --- Ages ------------------------------------------------------------------------------
# The longest age label ("Eén uur geleden", "drie maanden geleden", "enige tijd geleden")
# has 21 characters; 40 leaves room for "... geleden in Zuid-Holland" and refuses every
# sentence that merely ends in "geleden".
AGE_LABEL_MAX = 40
# An age glued to its neighbour is found within this many characters of the line's start
# or end: the longest label plus a separator and a few letters of the next word.
AGE_TAIL_REACH = 48
# "(45 minuten geleden)" after an item: the bracket opens within this many characters.
BRACKET_AGE_REACH = 40
# A trailing age is searched only in the line's last 80 characters (an age with its
# region and separator); a regex over the whole line would cost more than the line's handling.
TRAILING_AGE_REACH = 80
# How far before such an age its hedge may start ("iets minder dan 2 uur geleden").
HEDGE_REACH = 24
# A line ending in an age has a space within its last 20 characters ("<a>..</a> Gisteren").
TAIL_SPACE_REACH = 20
# What follows an age on its line that is a link label ("3 uur geleden Lees meer", "... Meer
# Buitenland") rather than the next item: as long as the longest such label.
AGE_REST_MAX = 40
# A meta line holding an age (``Economie · 9 minuten geleden``, ``gisteren | 12 reacties``):
# a category, a source and a comment count beside the age; a longer line is an item.
META_LINE_MAX = 80
# A segment of a meta line longer than this is a sentence, not a category or a source.
META_SEGMENT_MAX = 25

# --- Line kinds -------------------------------------------------------------------------
# "Net binnen", "Advertentie", "Lees meer »", "12 reacties": the longest chrome label has
# about 20 characters.
CHROME_LABEL_MAX = 24
# "Lees het volledige artikel over de brand in Vlissingen": a read-more link may name its
# story, but not run to a paragraph.
READ_MORE_LINE_MAX = 120
# "woensdag 20 juni 2026, om 10:58 uur" is the longest date line.
DATE_LINE_MAX = 60

# --- Split datelines ---------------------------------------------------------------------
# A dateline printed in pieces (``ROME`` / ``(ANP/AFP)`` / ``- text``): its opening piece
# is a place with agencies, at most this long (the longest multi-place datelines)...
SPLIT_DATELINE_MAX = 90
# ... joined with at most this many following blocks ...
SPLIT_DATELINE_BLOCKS = 3
# ... and still a bare dateline at this length.
SPLIT_DATELINE_JOINED_MAX = 120

# --- Headlines, labels, sections -----------------------------------------------------------
# A headline: the longest real ones run to about 150 characters.
TITLE_MAX = 200
# A category label (``Buitenland``, ``Show & Cultuur``, ``Zuid-Holland``).
LABEL_MAX = 30
LABEL_MAX_WORDS = 3
# A section name (``Meer uit De Bevelanden``, ``Schouwen-Duiveland``).
SECTION_MAX = 40
SECTION_MAX_SPACES = 3
# A Net binnen entry's section ("Zeeland", "De Bevelanden"); more words are a sentence.
LATEST_SECTION_MAX = 40
LATEST_SECTION_MAX_SPACES = 2
# "- Zeeland 19:48" with its headline on the next line: more words before the clock are a
# sentence that ends in a time.
SECTION_CLOCK_MAX_SPACES = 3
# An index page's section name stands within this many lines above its first item...
SECTION_LOOKBACK = 15
# ... and is one of the nearest four lines that are no item of the list.
SECTION_SCAN = 4
# A line longer than this is a paragraph even without a final full stop.
PARAGRAPH_MIN = 80

# --- Lead ---------------------------------------------------------------------------------
# The lead's title is one of the lines this far above its dateline (breadcrumbs, date,
# photo and caption may stand between) ...
TITLE_LOOKBACK = 12
# ... preferably a heading among the nearest four candidates ...
TITLE_CANDIDATES = 4
# ... and otherwise the nearest, when it is at most three lines above the dateline.
TITLE_NEAR = 3
# Above a photo caption (a line ending in a full stop) the title is one of the next two
# candidates within four lines of the dateline (title, photo, caption, dateline).
TITLE_ABOVE_CAPTION = 4
# A <time> this many lines above the dateline still dates the lead (the byline block).
LEAD_TIME_REACH = 4
# A share bar, "Bijgewerkt: ..." line or credit closing the story is short.
STORY_END_MAX = 60
TRAILING_CHROME_MAX = 60
TRAILING_SHORT_MAX = 40
TRAILING_CHROME_MAX_SPACES = 4
# A subheading has at most four words ("Via WhatsApp", "Wat zegt de politie").
SUBHEADING_MAX_SPACES = 3
# "Bekijk deze post op Instagram" and its longer consent variants.
EMBED_MAX = 140
# "Kies je webmail": a webmail prompt that is no question has at most three words.
WEBMAIL_MAX_SPACES = 2

# --- Ticker -------------------------------------------------------------------------------
# A page shows headlines for all its items or for none; from three items on, a minority of
# "titles" is chrome between items.
TICKER_TITLE_MIN_ITEMS = 3
# Does a block go on with ticker items? Its first two item lines are within eight lines.
ITEMS_FOLLOW_REACH = 8
# The heading of another list ("Meest gelezen") ending the ticker is short.
OTHER_LIST_MAX = 40
# A second ``Meer uit`` heading right after the first ticker's block (a rule may stand
# between) continues the ticker when it has a dateline within five lines.
NEXT_TICKER_GAP = 3
NEXT_TICKER_REACH = 5
