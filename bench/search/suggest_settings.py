"""Settings for the suggestions benchmark: the search benchmark's, with database connections
kept between requests as production keeps them (CONN_MAX_AGE, settings/production.py).
"""

from bench.search.settings import *  # noqa: F403
from bench.search.settings import DATABASES

DATABASES["default"]["CONN_MAX_AGE"] = 600
