"""``python -m lstm_ref``: see lstm_ref.cli."""

import sys

from .cli import main

sys.exit(main())
