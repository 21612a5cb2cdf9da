"""The board as JSON files: roles/roles.json and roles/index.json.

This module owns writing the two JSON files under /roles/: the public
export of the open roles for anyone to reuse, and the compact index the
board's script fetches after first paint. What they hold is built elsewhere
(board.roles_export and index.board_index); this module only writes them.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from . import board as view
from .index import INDEX_PATH
from .model import RoleBoard

logger = logging.getLogger(__name__)

JSON_PATH = "roles/roles.json"


def write_index(output_path: str, index: dict[str, Any]) -> None:
    """roles/index.json, compact: the board's script fetches it after first paint."""
    path = os.path.join(output_path, INDEX_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    logger.info('role_cards: writing "%s"', path)


def write_json(output_path: str, board: RoleBoard, *, siteurl: str) -> None:
    """roles/roles.json: the open roles' public fields, for anyone to reuse."""
    path = os.path.join(output_path, JSON_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(view.roles_export(board, siteurl=siteurl), ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    logger.info('role_cards: writing "%s"', path)
