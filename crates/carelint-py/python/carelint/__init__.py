"""carelint: lint customer-care conversations and reply templates with YAML rules.

>>> import carelint
>>> linter = carelint.Linter()
>>> findings = linter.lint("Customer: Where is my order?\\nAgent: I guarantee it arrives tomorrow.")
>>> findings[0]["rule"]
'over-promising-guarantee'

The entry points:

- :class:`Linter` — build once (rules are compiled), then ``lint`` (a conversation dict
  or a text), ``lint_many`` (many, in parallel, GIL released), ``lint_file`` (a file of
  any supported format), ``lint_arrow`` (an Arrow record batch of conversations, for
  Spark's ``mapInArrow`` and Ray Data's ``map_batches``), ``rules``, ``explain``.
- :mod:`carelint.errors` — the exceptions, with ``path``, ``line`` and ``column``.
- :mod:`carelint.spark` — lint a Spark DataFrame with ``mapInArrow``.

Findings are plain dicts with the fields of ``carelint check --format jsonl``.
"""

from ._carelint import FORMATS, Linter, __version__, find_config, findings_schema
from .errors import CarelintError, ConfigError, FileError, ParseError, RuleError

__all__ = [
    "Linter",
    "FORMATS",
    "__version__",
    "find_config",
    "findings_schema",
    "CarelintError",
    "ConfigError",
    "FileError",
    "ParseError",
    "RuleError",
]
