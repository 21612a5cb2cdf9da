"""Where role outputs live on the site: role and field paths, absolute URLs.

This module owns the site paths of a role page ("roles/<slug>/") and a field
listing ("roles/<field>/"), and how a site path becomes an absolute URL.
"""

from __future__ import annotations

from .model import Role


def role_url(role: Role) -> str:
    return f"roles/{role.slug}/"


def field_url(field: str) -> str:
    return f"roles/{field}/"


def absolute_url(siteurl: str, path: str) -> str:
    """SITEURL + "/" + path; a development build (SITEURL "") gets "/path"."""
    return f"{siteurl.rstrip('/')}/{path}"
