"""What the store's URL key costs now that it is the crawler's normal form.

The store keys every lead's page URL and every new ticker link (``identity.normalise_url``).
Until migration 0010 that was a few string operations; now it is ``urls.page_key`` (query
parsed, sorted and re-encoded, escapes fixed). This times both over the links of every
fixture page (real markup, real link shapes: articles, sections, ``?page=N``, social and
tracking links), alternating the two for ``--rounds`` rounds (at least 5), and prints
microseconds per link and the median and range of the ratio new/old.

The old rule is the copy frozen in migration 0010, so this script keeps working after the
store's own code has moved on.

Usage: python benchmarks/url_key_bench.py [--rounds 7] [--repeat 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from anp_archive.parse import extract_links
from anp_archive.store.identity import normalise_url

REPO = Path(__file__).resolve().parents[1]


def _links() -> list[str]:
    links: list[str] = []
    for page in sorted((REPO / "fixtures").rglob("*.html")):
        links.extend(extract_links(page.read_bytes(), base_url="https://www.example.nl/nieuws/"))
    return links


def _old_rule() -> Callable[[str], str]:
    path = next((REPO / "migrations" / "versions").glob("0010_*.py"))
    spec = importlib.util.spec_from_file_location("m0010", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule: Callable[[str], str] = module.old_url_key
    return rule


def _time(rule: Callable[[str], str], links: list[str], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for link in links:
            rule(link)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rounds = max(5, args.rounds)
    links = _links()
    old = _old_rule()
    calls = len(links) * args.repeat
    olds: list[float] = []
    news: list[float] = []
    for i in range(rounds):
        # Alternate which side goes first, so load changes hit both alike.
        order = [(old, olds), (normalise_url, news)]
        for rule, out in order if i % 2 == 0 else reversed(order):
            out.append(_time(rule, links, args.repeat))
    ratios = [n / o for n, o in zip(news, olds, strict=True)]
    print(f"{len(links)} links from the fixture pages, {args.repeat} passes, {rounds} rounds")
    print(f"old rule: median {statistics.median(olds) / calls * 1e6:.2f} us/link")
    print(f"new rule: median {statistics.median(news) / calls * 1e6:.2f} us/link")
    print(f"new/old:  median {statistics.median(ratios):.2f}x "
          f"(range {min(ratios):.2f}x-{max(ratios):.2f}x)")


if __name__ == "__main__":
    main()
