"""Production settings: everything in pelicanconf.py, then these overrides.

The referral code comes from the environment so it is set in one place (the
CI secret or the shell), never committed:

    RMTLY_REFERRAL_CODE=<your micro1 referral UUID> make publish
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *

# The nightly workflow passes the repository variable SITE_URL.
SITEURL = os.environ.get("RMTLY_SITEURL") or "https://rmtly.org"
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

PUBLISH_BUILD = True
REFERRAL_CODE = os.environ.get("RMTLY_REFERRAL_CODE", REFERRAL_CODE_PLACEHOLDER).strip()

# Drafts are previewed locally only: a publish build writes none of them.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

# The nightly build fetches live roles and refuses to publish sample roles.
ROLE_CARDS_FETCH = True
ROLE_CARDS_ALLOW_SAMPLES = False
