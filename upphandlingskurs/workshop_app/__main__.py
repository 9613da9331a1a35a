import sys

from upphandlingskurs.workshop_app.server import main

sys.exit(main())
