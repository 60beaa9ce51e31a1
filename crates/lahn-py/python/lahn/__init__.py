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

import functools
import os
from typing import Optional, Union

from ._lahn import Coach, ConfigError, Finding, LahnError, Report, __version__, fix

__all__ = ["Coach", "ConfigError", "Finding", "LahnError", "Report", "fix", "shared_coach", "__version__"]


@functools.lru_cache(maxsize=8)
def shared_coach(config: Optional[Union[str, "os.PathLike[str]"]] = None, lang: str = "fa") -> Coach:
    """This process's coach for ``config`` and ``lang``, built the first time it is asked for
    and the same object after: for Spark and multiprocessing workers, which run task after
    task in one process and should compile the rules once."""
    return Coach(config=config, lang=lang)
