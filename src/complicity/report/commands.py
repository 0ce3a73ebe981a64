"""Commands of this package (see complicity.cli)."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register this package's subcommands (none yet)."""
