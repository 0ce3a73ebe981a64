"""Run every benchmark module (benchmarks/<area>_<what>.py) in its own process and collect the
markdown each prints into BENCHMARKS.md, so the figures there are always from one run.

    python -m benchmarks                 # all
    python -m benchmarks names_speed     # some
    python -m benchmarks --no-write      # print only
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def modules() -> list[str]:
    return sorted(
        p.stem for p in HERE.glob("*_*.py") if not p.stem.startswith("_") and p.stem != "common"
    )


def main(argv: list[str]) -> int:
    write = "--no-write" not in argv
    wanted = [a for a in argv if not a.startswith("--")] or modules()
    sections = []
    failed = []
    for name in wanted:
        print(f"== {name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", f"benchmarks.{name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        sys.stderr.write(proc.stderr[-4000:])
        print(proc.stdout)
        if proc.returncode != 0:
            failed.append(name)
            body = f"_failed with exit code {proc.returncode}_\n\n```\n{proc.stderr[-1500:]}\n```"
        else:
            body = proc.stdout.strip()
        sections.append(f"## {name}\n\n{body}\n\n_run time {elapsed:.0f} s_\n")
    if write:
        head = (
            "# Benchmarks\n\n"
            "Written by `make bench` (python -m benchmarks); every ratio compares systems measured "
            "in the same run on the same machine.\n\n"
            f"Last run: {datetime.now(UTC):%Y-%m-%d %H:%M UTC} on {platform.machine()}, "
            f"Python {platform.python_version()}, {_cores()} cores.\n\n"
        )
        (ROOT / "BENCHMARKS.md").write_text(head + "\n".join(sections), encoding="utf-8")
        print(f"wrote {ROOT / 'BENCHMARKS.md'}", file=sys.stderr)
    return 1 if failed else 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
