"""Is this a page of the wire at all? The refusals that need the whole page's lines."""

from __future__ import annotations

from anp_archive.errors import NotANewsPageError
from anp_archive.models import Dateline, LatestItem
from anp_archive.parse.ages import is_weak_age
from anp_archive.parse.kinds import AGE, LATEST_LINE, MEER, NET, Kind
from anp_archive.parse.lines import Line

__all__ = ["corroborate", "require_wire"]


def require_wire(datelines: dict[int, tuple[Dateline, str]], latest: list[LatestItem]) -> None:
    """Refuse a page with neither a dateline nor a ``Net binnen`` list."""
    if not datelines and not latest:
        raise NotANewsPageError("no dateline (PLACE (ANP) - ...) found; is this an ANP news page?")


def corroborate(
    lines: list[Line], kinds: list[Kind], datelines: dict[int, tuple[Dateline, str]]
) -> None:
    """Refuse a page whose only datelines are ``PLACE - sentence`` lines with nothing else
    of the wire around them.

    Such a line alone is what aggregator teasers, newspaper articles and morning digests
    print too (``TERNEUZEN - ...``). It counts only when the page also shows the wire's
    own furniture: an age label, a ``Meer uit`` heading or a ``Net binnen`` list (whose
    lines are already out of ``datelines`` here, so ``LATEST_LINE`` stands for it). A
    compact age or a part of the day ("2u", "Vanavond") is no such label (``is_weak_age``).
    """
    if not datelines or any(d.agencies for d, _ in datelines.values()):
        return
    if any(k in (MEER, NET, LATEST_LINE) or (k == AGE and not is_weak_age(lines[i].text))
           for i, k in enumerate(kinds)):
        return
    place = datelines[min(datelines)][0].place
    raise NotANewsPageError(
        f"no ANP wire item: datelines without an agency ({place} -) and no age labels,"
        " Meer uit heading or Net binnen list to confirm them; if this site prints its"
        " wire so, set regional = \"yes\" under [hints] in its profile"
    )
