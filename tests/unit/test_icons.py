"""The icon font holds the icons the code uses: a new ``bi bi-NAME`` class without
its glyph in the subset (tools/subset_icons.py) would draw an empty box."""

from __future__ import annotations

import re
from pathlib import Path

from tools.subset_icons import CSS_OUT, FONT_OUT, used_icons

ROOT = Path(__file__).resolve().parents[2]


def test_every_icon_the_code_uses_is_in_the_subset() -> None:
    names = used_icons(ROOT)
    assert {"download", "shield-check", "file-earmark-pdf"} <= set(names)
    css = CSS_OUT.read_text(encoding="utf-8")
    defined = set(re.findall(r"\.bi-([a-z0-9-]+)::before\{content", css))
    assert set(names) <= defined, set(names) - defined
    assert FONT_OUT.exists() and FONT_OUT.stat().st_size < 5_000
    # The only icon stylesheet served is the subset.
    sheets = [p.name for p in (ROOT / "assets").glob("*icons*.css")]
    assert sheets == [CSS_OUT.name]
