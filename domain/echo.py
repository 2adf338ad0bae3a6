"""How a message repeats what someone typed or put in an address: cut short.

A value echoed in full could be as long as the address itself (an 8,000-character
value once made a page 113,964 px wide), so every message quotes at most
``ECHO_LIMIT`` characters of it, with control characters replaced.
"""

from __future__ import annotations

ECHO_LIMIT = 40


def echoed(value: object, limit: int = ECHO_LIMIT) -> str:
    """``value`` as text for a message: printable, and cut to ``limit`` characters
    with an ellipsis when longer."""
    text = "".join(
        character if character.isprintable() else "\N{REPLACEMENT CHARACTER}"
        for character in str(value)[: limit + 1]
    )
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"
