"""lahn (لحن): coaches customer-support agents on the replies they write in Persian.

>>> import lahn
>>> coach = lahn.Coach(lang="en")
>>> report = coach.review("سلام، نمیتونیم کاری بکنیم.")
>>> report.score < 100
True
>>> [(f.rule, f.text) for f in report.findings if f.category == "negativity"]
[('negativity-inability', 'نمیتونیم')]

``Coach.review_many`` reviews a list of drafts (or of dicts with ``"draft"`` and the optional
``"customer_message"``, ``"customer_name"``, ``"channel"``) on every core with the GIL
released. Offsets are Python string indices: ``draft[f.start:f.end] == f.text``.
"""

from ._lahn import Coach, ConfigError, Finding, LahnError, Report, __version__, fix

__all__ = ["Coach", "ConfigError", "Finding", "LahnError", "Report", "fix", "__version__"]
