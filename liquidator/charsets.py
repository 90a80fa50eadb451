"""Japanese Windows' character set (cp932) and text streams that cannot fail on it.

cp932 spells a few characters with other code points than Unicode's usual ones (the
JIS mapping differences): a wave dash 〜 is ～ there, a minus − is －. ``LOOKALIKES``
maps each to the character cp932 has; the glyphs are the same to the reader. CSV
files written as cp932 use it (``exports/writer``), and so does what a terminal shows.

A terminal that cannot show a character (a cp932 console and an emoji, or the yen
sign ¥, which cp932 lacks: its ¥ is the backslash byte) gets the look-alike when there
is one (¥ → ￥) and ``?`` otherwise, never an exception: a command that has already
saved its work must not then fail while saying so.
"""

from __future__ import annotations

import codecs

LOOKALIKES = {
    "\u301c": "\uff5e",  # 〜 wave dash → ～
    "\u2016": "\u2225",  # ‖ → ∥
    "\u2212": "\uff0d",  # − minus → －
    "\u00a2": "\uffe0",  # ¢ → ￠
    "\u00a3": "\uffe1",  # £ → ￡
    "\u00ac": "\uffe2",  # ¬ → ￢
    "\u2014": "\u2015",  # — em dash → ―
}
CP932_TRANSLATION = str.maketrans(LOOKALIKES)
# On a screen the full-width yen sign reads as the yen sign; in a CSV cell it would
# change what a seller typed, so exports keep refusing it (see exports/writer).
SCREEN_LOOKALIKES = {**LOOKALIKES, "\u00a5": "\uffe5", "\u2013": "-"}  # ¥ → ￥, – → -
REPLACE_UNSHOWN = "liquidator-lookalike"


def _look_alike_or_question_mark(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for character in error.object[error.start : error.end]:
        substitute = SCREEN_LOOKALIKES.get(character, "?")
        try:
            substitute.encode(error.encoding)
        except (UnicodeError, LookupError):
            substitute = "?"
        shown.append(substitute)
    return "".join(shown), error.end


codecs.register_error(REPLACE_UNSHOWN, _look_alike_or_question_mark)


def never_fail_to_encode(*streams) -> None:
    """Make each text stream (stdout, stderr) write what its encoding cannot show as a
    look-alike or ``?`` instead of raising UnicodeEncodeError."""
    for stream in streams:
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=REPLACE_UNSHOWN)
