"""The harness builds network namespaces and links: that takes root."""

from __future__ import annotations

import os
import sys


def require_root(command: str = "./lab …") -> None:
    """Exit with status 2 and one sentence saying what to type, unless running as root."""
    if os.geteuid() != 0:
        print(f"This needs root: run it as 'sudo {command}'.", file=sys.stderr)
        sys.exit(2)
