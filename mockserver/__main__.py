"""`python -m mockserver` is `understudy mock`."""

import sys

from understudy.cli import main

sys.exit(main(["mock", *sys.argv[1:]]))
