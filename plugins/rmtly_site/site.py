"""Site settings checks and small per-article additions."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pelican.contents import Article

UUID_RE = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)
WORDS_PER_MINUTE = 230
TAG_RE = re.compile(r"<[^>]*>")


class SiteSettingsError(ValueError):
    """A site setting is unusable; the message names the key and the fix."""


def check_site_settings(pelican: Any) -> None:
    """Validate REFERRAL_CODE and ROLES_URL once, before anything is read."""
    code = pelican.settings.get("REFERRAL_CODE")
    if isinstance(code, str):
        # A code pasted with a space or a newline around it is still the code.
        pelican.settings["REFERRAL_CODE"] = code.strip()
    problems = settings_problems(pelican.settings)
    if problems:
        raise SiteSettingsError("rmtly_site: " + "\n  ".join(problems))


def settings_problems(settings: dict[str, Any]) -> list[str]:
    problems = []
    code = settings.get("REFERRAL_CODE", "")
    code = code.strip() if isinstance(code, str) else code
    placeholder = settings.get("REFERRAL_CODE_PLACEHOLDER", "")
    if not isinstance(code, str) or not UUID_RE.match(code):
        problems.append(
            f"REFERRAL_CODE {code!r} is not a UUID; copy the referralCode value "
            "from your link on https://refer.micro1.ai/"
        )
    elif settings.get("PUBLISH_BUILD") and code == placeholder:
        problems.append(
            "REFERRAL_CODE is the development placeholder, so every referral link "
            "would credit nobody. Set RMTLY_REFERRAL_CODE to your micro1 referral "
            "code (the referralCode in your link on https://refer.micro1.ai/) and "
            "build again."
        )
    roles_url = settings.get("ROLES_URL", "")
    if not isinstance(roles_url, str) or not roles_url:
        problems.append("ROLES_URL must be a site path such as 'roles/' or an URL")
    elif "://" in roles_url and urlsplit(roles_url).scheme != "https":
        problems.append(f"ROLES_URL {roles_url!r} must use https")
    return problems


def add_reading_time(content: Any) -> None:
    """Minutes to read an article, from its rendered words (at least 1)."""
    if not isinstance(content, Article):
        return
    # Counting words only, so a tag-stripping regex is precise enough.
    words = len(TAG_RE.sub(" ", content._content or "").split())
    content.word_count = words
    content.reading_time = max(1, round(words / WORDS_PER_MINUTE))
