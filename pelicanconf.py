"""Development settings: fast author rebuilds from the committed role snapshots.

publishconf.py imports everything here and overrides the production values.
"""

from __future__ import annotations

AUTHOR = "rmtly"
SITENAME = "rmtly"
SITESUBTITLE = "Remote AI work: how engineers are vetted, hired and referred"
SITEURL = ""
SITE_DESCRIPTION = (
    "An independent engineer's notes on how remote AI engineers are vetted and "
    "hired, with a board of open micro1 roles."
)

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
    "extra/favicon.svg": {"path": "favicon.svg"},
}
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 50

# Clean URLs: /<slug>/ for articles and pages.
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "archives", "tags", "categories"]
TEMPLATE_PAGES = {"404.html": "404.html"}

# Atom feeds: all articles and one per category. Feed links are absolute, so
# development builds carry the production domain in feeds only.
FEED_DOMAIN = "https://rmtly.org"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Build caches (share images drawn once, Pelican's own if turned on): kept
# between builds, never published, safe to delete.
CACHE_PATH = ".cache"

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "rmtly_site",
    "role_cards",
    "share_images",
    "disclosures",
    "pelican.plugins.sitemap",
]

SITEMAP = {
    "format": "xml",
    # Navigation indexes are left out: they hold no content of their own, and
    # no date of their own for lastmod.
    "exclude": [
        "^404\\.html$",
        "^drafts/",
        "^archives/",
        "^categories/",
        "^tags/",
        "^category/",
        "^tag/",
    ],
}

# --- The referral program ------------------------------------------------
# Every figure that changes lives here, with its source and the date it was
# checked; templates render these values and the articles never repeat them.
REFERRAL_PROGRAM = {
    "name": "micro1 referral program",
    "operator": "micro1",
    "terms_url": "https://library.micro1.ai/more/referral-program",
    "portal_url": "https://refer.micro1.ai/",
    "checked": "2026-11-21",
    "payout": (
        "The payout equals the payout of the first role the referred person is "
        "matched to, so it varies from role to role, and there is no cap."
    ),
    "payout_condition": (
        "It is paid only after the person applies through the referral link, is "
        "selected, and has then worked 10 hours (hourly roles) or submitted one "
        "task (per-task roles)."
    ),
}

# micro1 referral code: the UUID in your referral link. Development builds use
# this placeholder; a publish build refuses it (see publishconf.py).
REFERRAL_CODE_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
REFERRAL_CODE = REFERRAL_CODE_PLACEHOLDER
# True only in publishconf.py: refuse the placeholder code and sample roles.
PUBLISH_BUILD = False

# Where every article's "Browse open roles" call to action points: a site path
# (the role board) or a full URL.
ROLES_URL = "roles/"

# --- Disclosures (plugins/disclosures) ---------------------------------------
DISCLOSURES_PAGE_URL = "disclosure/"
DISCLOSURES_SENTENCE = (
    "rmtly is paid if someone referred through a link on this site is hired "
    "through micro1."
)

# --- Roles (plugins/role_cards) ----------------------------------------------
ROLE_CARDS_SOURCES = [
    {
        "name": "micro1",
        "kind": "micro1",
        "url": "https://prod-api.micro1.ai/api/v1/job/portal",
    },
]
# Author rebuilds read the committed snapshots; the nightly build fetches.
ROLE_CARDS_FETCH = False
ROLE_CARDS_SNAPSHOT_DIR = "data/roles"
ROLE_CARDS_MAX_AGE_DAYS = 7
ROLE_CARDS_CLOSED_DAYS = 30
ROLE_CARDS_ALLOW_SAMPLES = True
