"""Write the Bootstrap Icons the dashboard uses, and only those, into assets/.

The full icon font is 134 KB (woff2) and its stylesheet 87 KB, sent to every first
visitor for three icons. This keeps the font's glyphs for the icons the code names
(``className="bi bi-NAME"``) and a stylesheet with their classes. Run it after using
a new icon (a test fails until you do); it needs fonttools and brotli:

    pip install fonttools brotli
    python tools/subset_icons.py path/to/bootstrap-icons-1.13.2

where the folder is the unpacked npm package bootstrap-icons@1.13.2 (it holds
font/bootstrap-icons.min.css and font/fonts/bootstrap-icons.woff2).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
CSS_OUT = ASSETS / "01-bootstrap-icons-1.13.2-subset.css"
FONT_OUT = ASSETS / "fonts" / "bootstrap-icons-subset.woff2"
USED = re.compile(r"\bbi bi-([a-z0-9-]+)")
HEADER = """/*!
 * Bootstrap Icons v1.13.2 (https://icons.getbootstrap.com/), the icons the dashboard
 * uses only (tools/subset_icons.py).
 * Copyright 2019-2024 The Bootstrap Authors
 * Licensed under MIT (https://github.com/twbs/icons/blob/main/LICENSE)
 */
"""
BASE = (
    "@font-face{font-display:block;font-family:bootstrap-icons;"
    'src:url("fonts/bootstrap-icons-subset.woff2") format("woff2")}'
    '.bi::before,[class*=" bi-"]::before,[class^=bi-]::before{display:inline-block;'
    "font-family:bootstrap-icons!important;font-style:normal;font-weight:400!important;"
    "font-variant:normal;text-transform:none;line-height:1;vertical-align:-.125em;"
    "-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}"
)


def used_icons(root: Path = ROOT) -> list[str]:
    """Every icon name the app's code gives a ``bi bi-NAME`` class, sorted."""
    names: set[str] = set()
    for path in (root / "dashboard").rglob("*.py"):
        names.update(USED.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def main(package: Path) -> None:
    # Only this command needs fonttools; the tests import used_icons without it.
    from fontTools import subset

    css = (package / "font" / "bootstrap-icons.min.css").read_text(encoding="utf-8")
    names = used_icons()
    rules, codepoints = [], []
    for name in names:
        found = re.search(
            r"\.bi-" + re.escape(name) + r'::before\{content:"\\([0-9a-f]+)"\}', css
        )
        if found is None:
            raise SystemExit(f"bootstrap-icons 1.13.2 has no icon called {name!r}")
        rules.append(f'.bi-{name}::before{{content:"\\{found.group(1)}"}}')
        codepoints.append(int(found.group(1), 16))
    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(
        str(package / "font" / "fonts" / "bootstrap-icons.woff2"), options
    )
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    subset.save_font(font, str(FONT_OUT), options)
    CSS_OUT.write_text(HEADER + BASE + "".join(rules) + "\n", encoding="utf-8")
    print(
        f"{len(names)} icons: {', '.join(names)}; font {FONT_OUT.stat().st_size:,} bytes"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
