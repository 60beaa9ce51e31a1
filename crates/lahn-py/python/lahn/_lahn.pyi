"""Type stubs of the compiled module ``lahn._lahn``."""

import os
from collections.abc import Iterable, Mapping
from typing import Literal, Optional, Union

__version__: str

Channel = Literal["chat", "email", "sms", "social"]
Row = Union[str, Mapping[str, Optional[str]]]

class LahnError(Exception):
    """Base class of lahn's errors."""

class ConfigError(LahnError):
    """A config file or rule pack that can't be used."""

    file: Optional[str]
    """The file at fault, when known."""
    line: Optional[int]
    """1-based line of the problem, when known."""
    column: Optional[int]
    """1-based column (in characters) of the problem, when known."""
    message: str
    """What is wrong."""

class Finding:
    """One thing a review found."""

    @property
    def rule(self) -> str:
        """The rule's id, e.g. ``"negativity-inability"``."""
    @property
    def category(self) -> str:
        """The category's name, e.g. ``"negativity"``."""
    @property
    def severity(self) -> Literal["error", "warning", "info"]:
        """How much it matters."""
    @property
    def start(self) -> int:
        """Start of the flagged text, as an index of the draft string."""
    @property
    def end(self) -> int:
        """End of the flagged text (exclusive)."""
    @property
    def text(self) -> str:
        """The flagged text, ``draft[start:end]``."""
    @property
    def message(self) -> str:
        """What is wrong, in the coach's language."""
    @property
    def suggestion(self) -> Optional[str]:
        """What to write instead, when the rule has advice."""
    @property
    def replacement(self) -> Optional[str]:
        """The replacement text of a machine-applicable fix."""
    @property
    def penalty(self) -> int:
        """Points of the score this finding took."""
    def to_dict(self) -> dict[str, object]:
        """The finding as a dict."""

class Report:
    """The review of one draft."""

    @property
    def score(self) -> int:
        """0–100: 100 less the points the findings took."""
    @property
    def categories(self) -> dict[str, int]:
        """Per category, 0–100: the share of the category's weight that is left."""
    @property
    def findings(self) -> list[Finding]:
        """What was found, by position."""
    def to_dict(self) -> dict[str, object]:
        """The report as plain Python values: ``score``, ``categories``, ``findings``."""

class Coach:
    """Coaches support agents on their Persian replies; build once, reuse from any thread."""

    def __init__(
        self,
        config: Optional[Union[str, os.PathLike[str]]] = None,
        lang: Literal["fa", "en"] = "fa",
    ) -> None:
        """``config``: the path of a ``lahn.toml`` (None: the defaults). ``lang``: the
        language of the messages. Raises ``ConfigError`` for a bad config or rule pack."""
    @property
    def lang(self) -> Literal["fa", "en"]:
        """The language of the messages."""
    def review(
        self,
        draft: str,
        customer_message: Optional[str] = None,
        customer_name: Optional[str] = None,
        channel: Optional[Channel] = None,
    ) -> Report:
        """Reviews one draft."""
    def review_many(self, rows: Iterable[Row], threads: Optional[int] = None) -> list[Report]:
        """Reviews many drafts on ``threads`` threads (default: every core), GIL released."""
    def fix(self, text: str, channel: Optional[Channel] = None) -> str:
        """The draft with the safe fixes applied."""

def fix(text: str, channel: Optional[Channel] = None) -> str:
    """The text with lahn's safe fixes applied, by the default rules."""
