"""Security headers gate: every page sets, as ``<meta http-equiv>`` (static
hosts such as GitHub Pages cannot send headers), a Content-Security-Policy
whose scripts come only from the site and never from inline code, and a
referrer policy.
"""

from __future__ import annotations

from .site import GateResult, Site

GATE = "headers"
# Sources that stay on the site or add no host.
SAFE_SOURCES = {"'self'", "'none'", "data:", "'strict-dynamic'", "'report-sample'"}
SCRIPT_DIRECTIVES = ("script-src", "script-src-elem", "script-src-attr", "default-src")
REFERRER_POLICIES = {
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
CSP_FIX = (
    "set the policy in theme/templates/partials/security.html: sources "
    "'self' or 'none' only, scripts from files (no 'unsafe-inline')"
)


def parse_policy(value: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            policy.setdefault(words[0].lower(), words[1:])
    return policy


def _script_sources(policy: dict[str, list[str]]) -> list[str]:
    for directive in SCRIPT_DIRECTIVES:
        if directive in policy:
            return policy[directive]
    return []


def _policy_problems(policy: dict[str, list[str]]) -> list[str]:
    problems: list[str] = []
    if not any(d in policy for d in ("script-src", "default-src")):
        problems.append("the policy has neither script-src nor default-src")
    if "'unsafe-inline'" in _script_sources(policy) or "'unsafe-inline'" in policy.get(
        "script-src-attr", []
    ):
        problems.append("scripts allow 'unsafe-inline'")
    for directive, sources in policy.items():
        for source in sources:
            lowered = source.lower()
            if lowered in SAFE_SOURCES or lowered.startswith(("'nonce-", "'sha")):
                continue
            if lowered.startswith("'"):  # 'unsafe-inline' for styles, etc.
                continue
            if directive in ("upgrade-insecure-requests", "sandbox"):
                continue
            problems.append(f"{directive} allows {source} (another host or scheme)")
    return problems


def _meta(site: Site, page: str, equiv: str) -> str | None:
    soup = site.soup(page)
    for tag in soup.find_all("meta"):
        if str(tag.get("http-equiv", "")).lower() == equiv:
            content = tag.get("content")
            return content if isinstance(content, str) else ""
    return None


def _referrer(site: Site, page: str) -> str | None:
    tag = site.soup(page).find("meta", attrs={"name": "referrer"})
    content = tag.get("content") if tag is not None else None
    return content if isinstance(content, str) else None


def check(site: Site) -> GateResult:
    result = GateResult(GATE)
    for page in site.pages:
        csp = _meta(site, page, "content-security-policy")
        if csp is None:
            result.fail(page, "no Content-Security-Policy meta tag", CSP_FIX)
        else:
            for problem in _policy_problems(parse_policy(csp)):
                result.fail(page, f"Content-Security-Policy: {problem}", CSP_FIX)
        referrer = _referrer(site, page)
        if referrer is None or referrer.strip().lower() not in REFERRER_POLICIES:
            result.fail(
                page,
                f"no valid referrer policy (found {referrer!r})",
                'add <meta name="referrer" content="strict-origin-when-cross-origin">',
            )
    result.summary = (
        f"{len(site.pages)} pages, {len(result.problems)} without a strict policy"
    )
    return result
