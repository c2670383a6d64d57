"""`make bench`: how fast the site builds and how heavy its pages are. Figures, not tests.

Run as `python -m bench` (the Makefile does, after `npm ci` for Lighthouse). It reuses the
browser helpers of tests/ (Debian's Chromium via Playwright, the static server).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
