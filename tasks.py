"""Author and maintainer commands: `invoke --list` shows them all."""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from livereload import Server
from pelican.settings import read_settings
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PELICAN = shlex.quote(str(BIN / "pelican"))
PYTHON = shlex.quote(sys.executable)
CONTENT = ROOT / "content"
ARTICLES = CONTENT / "articles"
OUTPUT = ROOT / "output"
HOST, PORT = "127.0.0.1", 8000


def _pelican(c, settings: str, extra: str = "") -> None:
    c.run(
        f"{PELICAN} content -s {settings} -o output --fatal errors {extra}", pty=False
    )


@task
def build(c):
    """Build output/ with the development settings (role snapshots, no fetch)."""
    _pelican(c, "pelicanconf.py")


@task(
    iterable=["source"],
    help={
        "accept-drop": "replace a snapshot even if the fetch has far fewer roles",
        "source": "refresh only this source (repeatable; default: every source)",
        "quiet": "print only warnings and errors",
        "strict": "also fail on sample roles or a snapshot too old to publish",
    },
)
def refresh_roles(c, accept_drop=False, source=None, quiet=False, strict=False):
    """Fetch live roles into data/roles/; a failed source keeps its last-known-good."""
    args = [sys.executable, "scripts/refresh_roles.py"]
    if accept_drop:
        args.append("--accept-drop")
    for name in source or ():
        args += ["--source", name]
    if quiet:
        args.append("-q")
    if strict:
        args.append("--strict")
    c.run(shlex.join(args), pty=False)


@task
def clean(c):
    """Remove output/ and the fetch reports."""
    c.run("rm -rf output reports")


@task
def serve(c):
    """Serve output/ on http://127.0.0.1:8000 without rebuilding."""
    c.run(f"{PELICAN} --listen -o output -b {HOST} -p {PORT}", pty=False)


@task
def livereload(c):
    """Rebuild on every change and reload the browser on http://127.0.0.1:8000."""

    def rebuild() -> None:
        c.run(f"{PELICAN} content -s pelicanconf.py -o output", warn=True, pty=False)

    rebuild()
    server = Server()
    for pattern in (
        "content/**/*",
        "theme/**/*",
        "plugins/**/*.py",
        "data/**/*",
        "pelicanconf.py",
    ):
        server.watch(pattern, rebuild)
    server.serve(host=HOST, port=PORT, root=str(OUTPUT))


@task
def publish(c):
    """Production build in a fresh folder; output/ replaced only if all gates pass."""
    c.run(f"{PYTHON} scripts/publish_site.py", pty=False)


def preview_label(snapshot_dir: Path = ROOT / "data" / "roles") -> str:
    """Why a preview could not be published, as its label ("" if it could)."""
    max_age = read_settings(str(ROOT / "pelicanconf.py"))["ROLE_CARDS_MAX_AGE_DAYS"]
    reasons = []
    if not os.environ.get("RMTLY_REFERRAL_CODE"):
        reasons.append("placeholder referral code")
    now = dt.datetime.now(dt.UTC)
    for path in sorted(snapshot_dir.glob("*.json")):
        try:
            snapshot = json.loads(path.read_text(encoding="utf-8"))
            fetched = dt.datetime.fromisoformat(snapshot["fetched_at"])
        except (OSError, ValueError, KeyError, TypeError):
            reasons.append(f"{path.name} unreadable")
            continue
        if snapshot.get("sample"):
            reasons.append(f"sample roles in {path.name}")
        elif (now - fetched).days > max_age:
            reasons.append(f"{path.name} is {(now - fetched).days} days old")
    return f"preview: not publishable ({'; '.join(reasons)})" if reasons else ""


def preview_overrides() -> dict[str, object]:
    """publishconf.py's production build, from the snapshots, at any address."""
    return {
        "SITEURL": "",
        "RELATIVE_URLS": True,
        "ROLE_CARDS_FETCH": False,
        "ROLE_CARDS_ALLOW_SAMPLES": True,
        "PUBLISH_BUILD": False,
        "PREVIEW_LABEL": preview_label(),
    }


@task
def preview(c):
    """Production build from the snapshots, relative URLs, served on 127.0.0.1."""
    overrides = preview_overrides()
    extra = " ".join(
        shlex.quote(f"{key}={json.dumps(value)}") for key, value in overrides.items()
    )
    _pelican(c, "publishconf.py", f"-e {extra}")
    if overrides["PREVIEW_LABEL"]:
        print(overrides["PREVIEW_LABEL"])
    serve(c)


@task(
    help={"settings": "the settings output/ was built with (default: pelicanconf.py)"}
)
def check(c, settings="pelicanconf.py"):
    """Run every publishing gate (scripts/check_site.py) over output/."""
    c.run(
        f"{PYTHON} scripts/check_site.py output --settings {shlex.quote(settings)}",
        pty=False,
    )


@task(help={"title": "the article's title", "category": "its category"})
def new_post(c, title, category="Hiring"):
    """Write content/articles/<slug>.md with metadata filled in (never overwrites)."""
    slug = slugify(
        title,
        regex_subs=[
            (r"[^\w\s-]", ""),
            (r"(?u)\A\s*", ""),
            (r"(?u)\s*\Z", ""),
            (r"[-\s]+", "-"),
        ],
    )
    if not slug:
        raise Exit(f"Cannot make a slug from {title!r}; use letters or digits.")
    path = ARTICLES / f"{slug}.md"
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    ARTICLES.mkdir(parents=True, exist_ok=True)
    safe_title = " ".join(title.split())
    text = (
        f"Title: {safe_title}\n"
        f"Date: {today}\n"
        f"Category: {category}\n"
        "Tags: \n"
        f"Slug: {slug}\n"
        "Summary: One or two plain sentences for lists, feeds and search.\n"
        "Status: draft\n"
        "\n"
        "Write here. Remove `Status: draft` when the article is ready to publish.\n"
    )
    try:
        # "x" creates the file or fails: no window between a check and a write.
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        relative = path.relative_to(ROOT)
        raise Exit(f"{relative} exists already; pick another title.") from None
    print(f"Wrote {path.relative_to(ROOT)} (Status: draft)")


@task
def test(c):
    """Run ruff and the whole test suite."""
    c.run(f"{BIN / 'ruff'} check .", pty=False)
    c.run(f"{BIN / 'ruff'} format --check .", pty=False)
    c.run(f"{PYTHON} -m pytest", pty=False)
