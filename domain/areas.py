"""Peterborough's area codes, the national reference and the three PES sectors."""

from __future__ import annotations

# Peterborough is one unitary authority (wards, population) and one Community
# Safety Partnership (recorded crime): the same place under two ONS codes.
PETERBOROUGH_LAD = "E06000031"
PETERBOROUGH_CSP = "E22000017"
ENGLAND_AND_WALES = "K04000001"

# Sector code -> name, in the order the board reads them.
SECTOR_NAMES: dict[str, str] = {
    "PES-NORTH": "Northern sector",
    "PES-SOUTH": "Southern sector",
    "PES-EAST": "Eastern sector",
}
SECTOR_CODES: tuple[str, ...] = tuple(SECTOR_NAMES)
# Short forms for tight spaces: table columns ("Northern") and slide marks ("N").
SECTOR_SHORT_NAMES: dict[str, str] = {
    code: name.removesuffix(" sector") for code, name in SECTOR_NAMES.items()
}
SECTOR_LETTERS: dict[str, str] = {code: code[4] for code in SECTOR_CODES}
