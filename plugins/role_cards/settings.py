"""role_cards settings: module defaults, merged with the site's, validated once.

Every key is flat and prefixed (ROLE_CARDS_...) so one can be overridden from
the command line with ``pelican -e KEY=json``. A bad value raises
SettingsError naming the key; the build stops there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Hosts a source's job and apply URLs may point at, per kind. A source entry
# can narrow or replace this with "apply_hosts".
DEFAULT_APPLY_HOSTS: dict[str, tuple[str, ...]] = {
    "micro1": ("jobs.micro1.ai", "refer.micro1.ai"),
    "greenhouse": ("boards.greenhouse.io", "job-boards.greenhouse.io"),
    "lever": ("jobs.lever.co", "jobs.eu.lever.co"),
    "ashby": ("jobs.ashbyhq.com",),
    "jsonld": (),  # must be given per source
}

SOURCE_KINDS = tuple(DEFAULT_APPLY_HOSTS)


class SettingsError(ValueError):
    """A ROLE_CARDS_* (or REFERRAL_CODE) value is unusable; the message names the key."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One entry of ROLE_CARDS_SOURCES."""

    name: str  # [a-z0-9-]+; also the snapshot file name data/roles/<name>.json
    kind: str  # one of SOURCE_KINDS
    url: str  # endpoint (micro1, greenhouse, lever, ashby) or first page (jsonld)
    urls: tuple[str, ...] = ()  # jsonld: every page to read (url included)
    apply_hosts: tuple[str, ...] = ()  # allowlist for job and apply URLs
    referral: bool = False  # add referralCode and UTM parameters (micro1 only)
    company: str = ""  # company name for boards whose jobs do not carry one
    filters: dict[str, list[str]] = field(default_factory=dict)  # micro1 filters
    page_limit: int = 100  # micro1 page size
    max_pages: int = 50  # micro1 paging stops here, whatever the server says
