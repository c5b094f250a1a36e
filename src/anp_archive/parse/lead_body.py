"""What inside a story's container is not the story: boxes, embeds, share bars, the
site's lines after the last paragraph."""

from __future__ import annotations

import re

from anp_archive.parse.kinds import BADGE_ONLY, DATE, DATELINE, TEXT, Kind
from anp_archive.parse.lengths import (
    EMBED_MAX,
    STORY_END_MAX,
    SUBHEADING_MAX_SPACES,
    TRAILING_CHROME_MAX,
    TRAILING_CHROME_MAX_SPACES,
    TRAILING_SHORT_MAX,
)
from anp_archive.parse.lines import Line
from anp_archive.parse.shapes import ITEM_END
from anp_archive.parse.vocabulary import (
    AD,
    BOX_WORDS,
    CHROME_LEAD_IN,
    CREDIT_LINE,
    EMBED,
    EMBED_SIGNATURE,
    KNOWN_TRAILING,
    SHARE_WORDS,
    UPDATED_LINE,
)

__all__ = ["chrome_boxes", "container", "drop_trailing_chrome", "is_story_end",
           "paragraph_depth", "skipped_in_story", "subheading"]


def drop_trailing_chrome(paragraphs: list[str]) -> None:
    """Drop the site's short lines after the story's last paragraph.

    A subheading needs a paragraph after it; a short line closing the story is the site's:
    "© ANP", "Bericht navigatie", "Gerelateerde berichten", "Tags: ...". Except a list the
    story introduces ("De nieuwe regels op een rij:" and short items): that stays, up to
    the first line of known chrome.
    """
    k = len(paragraphs)
    while k > 1 and _trailing_chrome(paragraphs[k - 1]):
        k -= 1
    if k == len(paragraphs):
        return
    for j in range(k - 1, len(paragraphs) - 1):
        text = paragraphs[j]
        if text.endswith(":") and text.count(" ") >= 2 and CHROME_LEAD_IN.match(text) is None:
            cut = next((x for x in range(j + 1, len(paragraphs))
                        if KNOWN_TRAILING.fullmatch(paragraphs[x]) is not None),
                       len(paragraphs))
            del paragraphs[cut:]
            return
    del paragraphs[k:]


def _trailing_chrome(text: str) -> bool:
    """Could ``text``, as the last line of a story, not be part of it?"""
    if len(text) > TRAILING_CHROME_MAX:
        return False
    if CREDIT_LINE.fullmatch(text) is not None:
        return True
    return (len(text) <= TRAILING_SHORT_MAX and text.count(" ") <= TRAILING_CHROME_MAX_SPACES
            and not text.endswith(ITEM_END))


def paragraph_depth(
    lines: list[Line], kinds: list[Kind], start: int, end: int, container: int
) -> int:
    """How deep the story's own paragraphs sit (HTML; 0: unknown or text).

    Boxes embedded in a story (newsletter sign-up, consent placeholder, "Lees ook") sit one
    block deeper than the paragraphs around them; most lines are paragraphs.
    """
    depths: dict[int, int] = {}
    for i in range(start, end):
        line = lines[i]
        if not line.path or kinds[i] not in (TEXT, DATELINE, DATE) or line.linked:
            continue
        if container and container not in line.path:
            break
        depths[len(line.path)] = depths.get(len(line.path), 0) + 1
    if len(depths) < 2:
        return 0
    # The most common depth; on a tie the shallower one.
    return min(depths, key=lambda d: (-depths[d], d))


def chrome_boxes(lines: list[Line], start: int, end: int, depth: int) -> set[int]:
    """Lines of boxes set into the story: newsletter sign-up, consent placeholder.

    Such boxes sit deeper than the paragraphs; so do lists and quotes, which are content.
    The words tell them apart.
    """
    boxed: set[int] = set()
    group: list[int] = []
    for i in range(start + 1, end + 1):
        if i < end and lines[i].path and len(lines[i].path) > depth:
            group.append(i)
            continue
        if i < end and "(@" in lines[i].text and _post_signature(lines, i, depth):
            # An embedded post (a quoted tweet, then "— Name (@handle) date" in the same
            # quote): the post's words are not the story's paragraphs.
            post = lines[i].path
            boxed.update(j for j in group if lines[j].path[:len(post)] == post)
            boxed.add(i)
            group = []
            continue
        if group and BOX_WORDS.search(" ".join(lines[j].text for j in group)) is not None:
            boxed.update(_box_lines(lines, group, depth))
        group = []
    return boxed


def _box_lines(lines: list[Line], group: list[int], depth: int) -> list[int]:
    """The lines of a run of deeper blocks that belong to the box its words point at.

    A quote or a list right next to a newsletter box is a block of its own: it stays when
    it holds no box words and reads as sentences. A block of the box without those words
    (its heading "Blijf op de hoogte") goes with it.
    """
    blocks: dict[int, list[int]] = {}
    for j in group:
        blocks.setdefault(lines[j].path[depth - 1], []).append(j)
    if len(blocks) == 1:
        return group
    out: list[int] = []
    for members in blocks.values():
        texts = [lines[j].text for j in members]
        if BOX_WORDS.search(" ".join(texts)) is not None or not all(
            t.endswith(ITEM_END) for t in texts
        ):
            out.extend(members)
    return out


def _post_signature(lines: list[Line], i: int, depth: int) -> bool:
    """Is line ``i`` the signature of an embedded post, printed in the quote block that
    holds the post (one level under the story's paragraphs' container, or deeper)?"""
    line = lines[i]
    return (len(line.path) >= depth and EMBED_SIGNATURE.match(line.text) is not None
            and i > 0 and lines[i - 1].path[:len(line.path)] == line.path)


def skipped_in_story(line: Line, kind: Kind) -> bool:
    """Ad slots and embed placeholders: inside a story, but none of its paragraphs."""
    text = line.text
    return (
        (kind == BADGE_ONLY and AD.fullmatch(text) is not None)
        or (len(text) <= EMBED_MAX and text[:1] in "bBoOlLdD"  # (how EMBED's forms open)
            and EMBED.match(text) is not None)
    )


def subheading(lines: list[Line], kinds: list[Kind], i: int, end: int) -> bool:
    """A short chrome-like line between two paragraphs ("Facebook", "Via WhatsApp") is a
    subheading.

    A share bar is several such words in a row, or comes after the last paragraph.
    """
    text = lines[i].text
    if text.count(" ") > SUBHEADING_MAX_SPACES or lines[i].linked or i + 1 >= end or i == 0:
        return False
    j = i + 1
    while j + 1 < end and skipped_in_story(lines[j], kinds[j]):
        j += 1  # an ad slot or an embed between the subheading and its paragraph
    nxt, prev = lines[j], lines[i - 1]
    return (
        kinds[j] == TEXT
        and not nxt.linked
        and nxt.text.count(" ") >= 2
        and nxt.text.endswith((".", "!", "?", "…", '"', "”"))
        and not is_story_end(prev.text)
    )


_SHARE_SPLIT = re.compile(r"[\s:|·•/,]+")


def is_story_end(text: str) -> bool:
    """"Bijgewerkt: 20 juni 2026, 10:58" or a share bar: the story is over."""
    if len(text) > STORY_END_MAX:
        return False
    if text[:1] in "bBgGlLaA" and UPDATED_LINE.fullmatch(text) is not None:  # (its openings)
        return True
    words = [w for w in _SHARE_SPLIT.split(text.lower()) if w]
    return bool(words) and all(w in SHARE_WORDS for w in words)


def container(lines: list[Line], kinds: list[Kind], start: int, end: int) -> int:
    """The innermost HTML block holding the lead's first two paragraphs (0: unknown)."""
    path = lines[start].path
    if not path:
        return 0
    nxt = next((i for i in range(start + 1, end)
                if kinds[i] in (TEXT, DATE) and not lines[i].linked), end)
    if nxt >= end:
        return 0
    other = lines[nxt].path
    common = 0
    for a, b in zip(path, other, strict=False):
        if a != b:
            break
        common += 1
    return path[common - 1] if common else 0
