"""One line for the nightly snapshot commit, from reports/roles-fetch.json.

    python scripts/snapshot_summary.py reports/roles-fetch.json
    -> +12 -3 ~4 roles (micro1 +12 -3 ~4)

Counts come from the fetch report the refresh wrote, so the commit message
says what the diff holds: roles added, removed and changed per source.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def summary(report: dict[str, Any]) -> str:
    sources = [s for s in report.get("sources", []) if isinstance(s, dict)]
    total = [
        sum(int(s.get(k) or 0) for s in sources)
        for k in ("added", "removed", "changed")
    ]
    parts = [
        f"{s.get('name', '?')} +{s.get('added', 0)} -{s.get('removed', 0)} "
        f"~{s.get('changed', 0)}"
        for s in sources
        if s.get("added") or s.get("removed") or s.get("changed")
    ]
    head = f"+{total[0]} -{total[1]} ~{total[2]} roles"
    return f"{head} ({', '.join(parts)})" if parts else head


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "reports/roles-fetch.json")
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"snapshot_summary: cannot read {path}: {error}", file=sys.stderr)
        return 1
    print(summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
