"""Author and maintainer commands: `invoke --list` shows them all."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import shlex
import shutil
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


def _pelican(c, settings: str, *, debug: bool = False, extra: str = "") -> None:
    flags = " -D" if debug else ""
    if os.environ.get("CI"):  # CI logs are not a terminal: keep lines unwrapped
        flags += " --log-handler plain"
    c.run(
        f"{PELICAN} content -s {settings} -o output --fatal errors{flags} {extra}",
        pty=False,
    )


DEBUG_HELP = {"debug": "show Pelican's debug output and full tracebacks"}
PORT_HELP = {"port": f"port on 127.0.0.1 (default {PORT})"}


@task(help=DEBUG_HELP)
def html(c, debug=False):
    """Build output/ with the development settings (role snapshots, no fetch)."""
    _pelican(c, "pelicanconf.py", debug=debug)


@task(help=DEBUG_HELP)
def build(c, debug=False):
    """Same as html: build output/ with the development settings."""
    html(c, debug=debug)


@task(help=DEBUG_HELP)
def regenerate(c, debug=False):
    """Rebuild output/ whenever content, theme or settings change (no server)."""
    _pelican(c, "pelicanconf.py", debug=debug, extra="--autoreload")


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
    """Remove output/, the fetch reports and the tool caches (keeps .venv, data/)."""
    c.run("rm -rf output .build .cache reports .pytest_cache .ruff_cache .mypy_cache")


@task(help=PORT_HELP)
def serve(c, port=PORT):
    """Serve output/ on http://127.0.0.1:PORT without rebuilding."""
    if not (OUTPUT / "index.html").exists():
        raise Exit("output/ has no site to serve; build it first: make html")
    c.run(f"{PELICAN} --listen -o output -b {HOST} -p {int(port)}", pty=False)


@task(help=PORT_HELP | DEBUG_HELP)
def devserver(c, port=PORT, debug=False):
    """Rebuild on every change and live-reload the browser on http://127.0.0.1:PORT."""
    flags = " -D" if debug else ""

    def rebuild() -> None:
        c.run(
            f"{PELICAN} content -s pelicanconf.py -o output{flags}",
            warn=True,
            pty=False,
        )

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
    server.serve(host=HOST, port=int(port), root=str(OUTPUT))


@task(help=PORT_HELP | DEBUG_HELP)
def livereload(c, port=PORT, debug=False):
    """Same as devserver: rebuild on change and live-reload the browser."""
    devserver(c, port=port, debug=debug)


@task(help=DEBUG_HELP)
def publish(c, debug=False):
    """Production build in a fresh folder; output/ replaced only if all gates pass."""
    check_tools(c)
    browser(c)
    c.run(f"{PYTHON} scripts/publish_site.py{' --debug' if debug else ''}", pty=False)


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


@task(help=PORT_HELP | DEBUG_HELP)
def preview(c, port=PORT, debug=False):
    """Production build from the snapshots, relative URLs, served on 127.0.0.1:PORT."""
    overrides = preview_overrides()
    extra = " ".join(
        shlex.quote(f"{key}={json.dumps(value)}") for key, value in overrides.items()
    )
    _pelican(c, "publishconf.py", debug=debug, extra=f"-e {extra}")
    if overrides["PREVIEW_LABEL"]:
        print(overrides["PREVIEW_LABEL"])
    serve(c, port=port)


NPM_STAMP = ROOT / "node_modules" / ".installed"
NEEDED = {
    "npm": "npm (Node.js) is needed for the site checks",
    "java": "Java 17 is needed for the Nu HTML checker "
    "(apt-get install default-jre-headless)",
}


@task
def check_tools(c):
    """Install the gates' npm tools (Nu checker, axe-core) as package-lock.json pins."""
    pins = [ROOT / "package.json", ROOT / "package-lock.json"]
    newest = max(path.stat().st_mtime for path in pins)
    if NPM_STAMP.exists() and NPM_STAMP.stat().st_mtime >= newest:
        return
    for tool, why in NEEDED.items():
        if shutil.which(tool) is None:
            raise Exit(why)
    c.run("npm ci --ignore-scripts --no-audit --no-fund --loglevel=error", pty=False)
    NPM_STAMP.touch()


@task(
    help={"settings": "the settings output/ was built with (default: pelicanconf.py)"}
)
def check(c, settings="pelicanconf.py"):
    """Run every publishing gate (scripts/check_site.py) over output/."""
    check_tools(c)
    browser(c)
    c.run(
        f"{PYTHON} scripts/check_site.py output --settings {shlex.quote(settings)}",
        pty=False,
    )


def existing_categories() -> list[str]:
    """The categories the articles use, most used first."""
    counts: dict[str, int] = {}
    for path in sorted(ARTICLES.glob("*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            if key.strip().lower() == "category" and value.strip():
                counts[value.strip()] = counts.get(value.strip(), 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))


def _ask(question: str) -> str:
    """One line from the author, or "" when nobody is at a terminal."""
    if not sys.stdin.isatty():
        return ""
    try:
        return input(question).strip()
    except EOFError:
        return ""


def _choose_category(category: str, new_category: bool) -> str:
    known = existing_categories()
    if not category and known:
        print("Categories in use: " + ", ".join(known))
        category = _ask(f"Category [{known[0]}]: ") or known[0]
    category = " ".join(category.split())
    if not category:
        raise Exit("Give the article a category: --category NAME")
    if new_category or not known:
        return category
    by_lower = {name.lower(): name for name in known}
    if category.lower() in by_lower:
        return by_lower[category.lower()]
    close = difflib.get_close_matches(category, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise Exit(
        f"Category {category!r} is not used by any article{hint}; use one of: "
        f"{', '.join(known)}, or pass --new-category to start a new one."
    )


def _summary(summary: str) -> str:
    summary = " ".join((summary or _ask("Summary (one or two sentences): ")).split())
    if not summary:
        raise Exit(
            'Give the article a summary: --summary "One or two sentences that '
            'say what the reader gets." It is shown in lists, feeds and search.'
        )
    return summary


@task(
    help={
        "title": "the article's title",
        "summary": "one or two sentences for lists and feeds (asked if left out)",
        "category": "one of the categories in use (asked if left out)",
        "new-category": "allow a category no article uses yet",
    }
)
def new_post(c, title, summary="", category="", new_category=False):
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
    if path.exists():
        raise Exit(f"{path.relative_to(ROOT)} exists already; pick another title.")
    category = _choose_category(category, new_category)
    summary = _summary(summary)
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    ARTICLES.mkdir(parents=True, exist_ok=True)
    safe_title = " ".join(title.split())
    text = (
        f"Title: {safe_title}\n"
        f"Date: {today}\n"
        f"Category: {category}\n"
        "Tags: \n"
        f"Slug: {slug}\n"
        f"Summary: {summary}\n"
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
    elif not (ROOT / "tools/bench/node_modules/.bin/lighthouse").exists():
        c.run("npm ci --prefix tools/bench --no-audit --no-fund", pty=False)
    c.run(shlex.join(args), pty=False)


@task
def lint(c):
    """Ruff lint and format check, mypy --strict on the plugins."""
    c.run(f"{BIN / 'ruff'} check .", pty=False)
    c.run(f"{BIN / 'ruff'} format --check .", pty=False)
    c.run(f"{BIN / 'mypy'}", pty=False)


@task
def browser(c):
    """Install Debian's Chromium for the browser tests when missing (needs root)."""
    c.run("scripts/ensure_chromium.sh", pty=False)


@task(pre=[check_tools, browser, lint])
def test(c):
    """Lint, then run the whole suite, browser tests included (as make test)."""
    c.run(f"{PYTHON} -m pytest", pty=False)
