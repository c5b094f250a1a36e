"""scrape of a site that folds www. and http/https: every spelling of a link is one page.

Within a run the queue keys links by ``urls.identity_key``; across runs the archive must
know a page it holds under another spelling, so next run's link is not fetched again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import sqlalchemy as sa

from anp_archive.config import Settings
from anp_archive.pipeline import RunSummary, scrape
from anp_archive.profile import SiteProfile, profile_from_dict
from anp_archive.store import Archive

ARTICLE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>Veerdienst vaart weer | Kustbode</title></head><body><main>
<article class="artikel"><h1>Veerdienst vaart weer</h1>
<p>VLISSINGEN (ANP) - De voetveerdienst tussen Vlissingen en Breskens vaart weer volgens
de dienstregeling. Door een storing aan een van de schroeven lag de boot twee dagen stil.</p>
<p>Reizigers konden in die tijd gebruikmaken van extra bussen door de Westerscheldetunnel.</p>
</article></main></body></html>"""


# A page under an article's URL that is no ANP page (no dateline, no wire item): the
# archive keeps its capture but no story.
COLUMN = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>Column: de boot | Kustbode</title></head><body><main>
<article><h1>Column: de boot</h1>
<p>Elke ochtend sta ik op de kade en kijk ik hoe de boot aanlegt. Twee dagen lag hij stil,
en ineens merkte ik hoeveel die tien minuten op het water voor mijn dag betekenen.</p>
</article></main></body></html>"""


def _front(*links: str) -> str:
    items = "".join(f'<li><a href="{link}">Veerdienst vaart weer</a></li>' for link in links)
    return f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>Nieuws | Kustbode</title></head><body><main><h1>Nieuws</h1><ul>{items}</ul>
</main></body></html>"""


@dataclass
class Site:
    """Serves one article under any host and scheme, and logs what was asked."""

    front: str
    requests: list[str] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path.decode()
        self.requests.append(f"{request.url.scheme}://{request.url.host}{path}")
        if path == "/robots.txt":
            body, kind = b"User-agent: *\n", "text/plain"
        elif path == "/nieuws":
            body, kind = self.front.encode(), "text/html; charset=utf-8"
        elif path.split("?")[0].rstrip("/") == "/nieuws/veerdienst-vaart-weer":
            body, kind = ARTICLE.encode(), "text/html; charset=utf-8"
        elif path.split("?")[0].rstrip("/") == "/nieuws/column-de-boot":
            body, kind = COLUMN.encode(), "text/html; charset=utf-8"
        else:
            return httpx.Response(404, headers={"content-type": "text/html"},
                                  stream=httpx.ByteStream(b"niet gevonden"))
        return httpx.Response(200, headers={"content-type": kind,
                                            "content-length": str(len(body))},
                              stream=httpx.ByteStream(body))

    def articles(self) -> list[str]:
        return [r for r in self.requests if "veerdienst" in r]


def _profile() -> SiteProfile:
    return profile_from_dict({
        "name": "kustbode",
        "start_urls": ["https://www.kustbode.test/nieuws"],
        "allowed_hosts": ["www.kustbode.test", "kustbode.test"],
        "article_pattern": "^/nieuws/[^/?]+/?$",
        "index_pattern": "^/nieuws$",
        "fold_www": True,
        "fold_scheme": True,
    })


def _scrape(db_url: str, site: Site) -> RunSummary:
    settings = Settings(db_url=db_url, delay_s=0.0, retries=0, timeout_s=5.0)
    return scrape(settings, _profile(), transport=httpx.MockTransport(site))


def _stored(db_url: str) -> tuple[int, int]:
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        stories = conn.execute(sa.text("SELECT count(*) FROM stories")).scalar_one()
        captures = conn.execute(sa.text(
            "SELECT count(*) FROM captures WHERE url LIKE '%veerdienst%'")).scalar_one()
    return int(stories), int(captures)


def test_www_and_scheme_spellings_are_fetched_once_across_runs(db_url: str) -> None:
    site = Site(_front("https://www.kustbode.test/nieuws/veerdienst-vaart-weer/",
                       "http://kustbode.test/nieuws/veerdienst-vaart-weer?utm_source=nb",
                       "https://kustbode.test/nieuws/veerdienst-vaart-weer#reacties"))
    first = _scrape(db_url, site)
    assert first.exit_code == 0, first.messages
    assert site.articles() == ["https://www.kustbode.test/nieuws/veerdienst-vaart-weer/"]
    assert _stored(db_url) == (1, 1)
    # Next run the front page spells the link otherwise: the archive has that page.
    later = Site(_front("http://kustbode.test/nieuws/veerdienst-vaart-weer"))
    second = _scrape(db_url, later)
    assert second.exit_code == 0, second.messages
    assert later.articles() == []
    assert _stored(db_url) == (1, 1)


def test_a_page_that_is_no_news_is_not_fetched_again_under_another_spelling(
    db_url: str,
) -> None:
    site = Site(_front("https://www.kustbode.test/nieuws/veerdienst-vaart-weer",
                       "https://www.kustbode.test/nieuws/column-de-boot/"))
    first = _scrape(db_url, site)
    assert first.exit_code == 0, first.messages
    assert [r for r in site.requests if "column" in r] == [
        "https://www.kustbode.test/nieuws/column-de-boot/"]
    later = Site(_front("http://kustbode.test/nieuws/column-de-boot"))
    second = _scrape(db_url, later)
    assert second.exit_code == 0, second.messages
    assert [r for r in later.requests if "column" in r] == []
