import sys

from workbench.client.cli import main

sys.exit(main())
