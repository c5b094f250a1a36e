"""Start-up time of anp-archive commands against the bare imports they cannot avoid.

Run by hand: ``python benchmarks/startup_bench.py [--rounds 7]``. Each round runs every
command once, in alternating order, so machine load hits both sides alike; the median and
range (min-max) of wall and CPU time per command are printed, then the per-round ratios to
the targets (median and range). CPU time (user + system) is printed beside wall time
because it is less disturbed by other processes on a busy machine.

Python runs as installed: with its bytecode cache. ``PYTHONDONTWRITEBYTECODE`` (set in some
sandboxes and CI images) is dropped for the commands timed, and one round runs first untimed,
so that neither side is timed compiling anp-archive's source, which no installed copy does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# (command, its bare-imports baseline, target ratio)
PAIRS = (
    ("anp-archive --help", "import typer", 1.5),
    ("anp-archive search x", "import typer, sqlalchemy", 1.3),
    ("floor: + sqlite dialect", "import typer, sqlalchemy", None),
)


def _time(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    return (f"median {statistics.median(values) * scale:6.2f}{unit}  range "
            f"{min(values) * scale:.2f}-{max(values) * scale:.2f}{unit}")


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
            # What a search of a SQLite archive cannot do without: no anp-archive code at all.
            "floor: + sqlite dialect":
                [PY, "-c", "import typer, sqlalchemy, sqlalchemy.dialects.sqlite, sqlite3"],
        }
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        names = list(cases)
        for name in names:  # untimed: writes the bytecode cache
            _time(cases[name])
        for r in range(rounds):
            for name in names if r % 2 == 0 else reversed(names):
                wall, cpu = _time(cases[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
    print(f"{rounds} alternating rounds; wall and CPU (user+system) time per command")
    for name in names:
        print(f"{name:27} wall {_spread(walls[name], 1000, ' ms')}   "
              f"cpu {_spread(cpus[name], 1000, ' ms')}")
    # Ratios per round (the two sides ran next to each other), then their median and range.
    for command, baseline, target in PAIRS:
        wall = [a / b for a, b in zip(walls[command], walls[baseline], strict=True)]
        cpu = [a / b for a, b in zip(cpus[command], cpus[baseline], strict=True)]
        goal = f" (target <= {target}x)" if target else ""
        print(f"{command} / {baseline}{goal}:\n    wall {_spread(wall, unit='x')}   "
              f"cpu {_spread(cpu, unit='x')}")


if __name__ == "__main__":
    main()
