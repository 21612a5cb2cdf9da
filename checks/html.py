"""HTML gate: the Nu HTML Checker (vnu.jar from npm, run with Java) finds no
error on any page or stylesheet.

One Java process checks the whole folder: starting the JVM costs more than
checking the pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .site import GateResult, Site

GATE = "html"
ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP_FIX = "run `make check-tools` (npm ci from package-lock.json; needs Java 17)"


def _relative(site: Site, url: str) -> str:
    path = url.removeprefix("file:")
    try:
        return Path(path).resolve().relative_to(site.root.resolve()).as_posix()
    except ValueError:
        return path


def check(site: Site, *, jar: Path = VNU_JAR) -> GateResult:
    result = GateResult(GATE)
    java = shutil.which("java")
    if java is None or not jar.is_file():
        missing = "java" if java is None else str(jar)
        result.fail(
            "(setup)",
            f"the Nu HTML Checker cannot run: {missing} is missing",
            SETUP_FIX,
        )
        return result
    command = [
        java,
        "-Xss4m",
        "-jar",
        str(jar),
        "--errors-only",
        "--format",
        "json",
        "--also-check-css",
        "--skip-non-html",
        str(site.root),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        messages = json.loads(done.stderr or "{}").get("messages", [])
    except ValueError:
        result.fail(
            "(setup)", f"vnu.jar did not report JSON: {done.stderr[:300]}", SETUP_FIX
        )
        return result
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        line = message.get("lastLine")
        page = _relative(site, str(message.get("url", "?")))
        where = f"{page}:{line}" if line else page
        result.fail(
            where,
            str(message.get("message", "")).strip(),
            "fix the markup or CSS the Nu checker names (the template or "
            "content that writes this line)",
        )
    checked = sum(f.endswith((".html", ".css")) for f in site.files)
    result.summary = f"{checked} pages and stylesheets, {len(result.problems)} errors"
    return result
