import sys

from understudy.cli import main

sys.exit(main())
