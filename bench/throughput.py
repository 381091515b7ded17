"""Kept for old command lines: `make bench` is now bench/run.py (the mock against the
bare Starlette baseline and Prism 5 in one run, plus the scaling run).

    python bench/throughput.py [bench/run.py's flags]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
