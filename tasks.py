"""Author and maintainer commands: `invoke --list` shows them all."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit
from livereload import Server
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
    },
)
def refresh_roles(c, accept_drop=False, source=None, quiet=False):
    """Fetch live roles into data/roles/; a failed source keeps its last-known-good."""
    args = [sys.executable, "scripts/refresh_roles.py"]
    if accept_drop:
        args.append("--accept-drop")
    for name in source or ():
        args += ["--source", name]
    if quiet:
        args.append("-q")
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
    """Production build: fetches live roles; needs RMTLY_REFERRAL_CODE."""
    _pelican(c, "publishconf.py")


@task(pre=[publish])
def preview(c):
    """Production build, then serve it on http://127.0.0.1:8000 to look it over."""
    serve(c)


@task
def check(c):
    """Check every referral link in output/ is disclosed and marked sponsored."""
    c.run(f"{PYTHON} scripts/check_disclosures.py output", pty=False)


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


@task(
    help={
        "quick": "1,000 and 5,000 roles only: a few minutes",
        "lighthouse": "run Lighthouse on home, an article, the board and a role page",
        "latency": "milliseconds the local micro1 waits before each answer",
    }
)
def bench(c, quick=False, lighthouse=True, latency=200):
    """Benchmark build, fetch and board; write docs/benchmarks.md with the plot."""
    args = [sys.executable, "scripts/bench.py", "--latency", str(latency)]
    if quick:
        args.append("--quick")
    if not lighthouse:
        args.append("--no-lighthouse")
    c.run(shlex.join(args), pty=False)


@task
def test(c):
    """Run ruff and the whole test suite."""
    c.run(f"{BIN / 'ruff'} check .", pty=False)
    c.run(f"{BIN / 'ruff'} format --check .", pty=False)
    c.run(f"{PYTHON} -m pytest", pty=False)
