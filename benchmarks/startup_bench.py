"""Start-up time of anp-archive commands against the bare imports they cannot avoid.

Run by hand: ``python benchmarks/startup_bench.py [--rounds 7]``. Each round runs every
command once, in alternating order, so machine load hits both sides alike; the median and
range (min-max) of wall time per command are printed, then the ratios to the targets.

Python runs as installed: with its bytecode cache. ``PYTHONDONTWRITEBYTECODE`` (set in some
sandboxes and CI images) is dropped for the commands timed, and one round runs first untimed,
so that neither side is timed compiling anp-archive's source, which no installed copy does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    rounds = max(5, parser.parse_args().rounds)
    # The console script, as users run it; `python -m anp_archive` where it is not installed.
    script = shutil.which("anp-archive", path=str(Path(PY).parent))
    cli = [script] if script else [PY, "-m", "anp_archive"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "small.sqlite"
        subprocess.run([*cli, "demo", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
        cases = {
            "anp-archive --help": [*cli, "--help"],
            "import typer": [PY, "-c", "import typer"],
            "anp-archive search x": [*cli, "search", "x", "--db", str(db), "--format", "json"],
            "import typer, sqlalchemy": [PY, "-c", "import typer, sqlalchemy"],
            "floor: typer, sqlalchemy, anp_archive.store":
                [PY, "-c", "import typer, sqlalchemy, anp_archive.store"],
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        names = list(cases)
        for name in names:  # untimed: writes the bytecode cache
            _time(cases[name])
        for r in range(rounds):
            for name in names if r % 2 == 0 else reversed(names):
                times[name].append(_time(cases[name]))
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name:45} median {med[name] * 1000:6.1f} ms  range "
              f"{min(t) * 1000:6.1f}-{max(t) * 1000:6.1f} ms  ({len(t)} rounds)")
    base = med["import typer, sqlalchemy"]
    print(f"--help / import typer: {med['anp-archive --help'] / med['import typer']:.2f}x "
          "(target <= 1.5x)")
    print(f"search / import typer, sqlalchemy: {med['anp-archive search x'] / base:.2f}x "
          "(target <= 1.3x)")
    floor = med["floor: typer, sqlalchemy, anp_archive.store"]
    print(f"floor / import typer, sqlalchemy: {floor / base:.2f}x")


if __name__ == "__main__":
    main()
