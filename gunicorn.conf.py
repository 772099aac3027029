"""gunicorn reads this file from its working directory (the top of the checkout): it refuses
to serve the portal with DEBUG on (config/production.py). Other settings stay on the command
line, e.g. `gunicorn config.wsgi --workers 3 --bind 127.0.0.1:8000`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.production import refuse_debug  # noqa: E402 - needs the path above

refuse_debug("gunicorn")
