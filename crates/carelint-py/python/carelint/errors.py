"""The exceptions carelint raises.

Every error names where the problem is: ``path``, ``line`` and ``column`` (1-based, or
``None`` when unknown), and for rule packs the ``rule`` id. ``str(error)`` is one line,
``path:line:column: message``. When several problems were found at once (every bad
rule of every pack), ``problems`` lists one exception per problem; otherwise it holds
the error itself.
"""

from __future__ import annotations

from typing import Any, List, Optional

__all__ = ["CarelintError", "RuleError", "ConfigError", "ParseError", "FileError"]


class CarelintError(Exception):
    """Base class of carelint's errors.

    Attributes:
        kind: ``"rule"``, ``"config"``, ``"parse"``, ``"io"`` or ``"too-large"``.
        path: the file or named source the problem is in, or ``None``.
        line: 1-based line, or ``None``.
        column: 1-based column in characters, or ``None``.
        rule: the id of the rule the problem is in, or ``None``.
        message: what is wrong, without the position.
        problems: every problem this error stands for (at least itself).
    """

    kind: str
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]
    rule: Optional[str]
    message: str
    problems: List["CarelintError"]

    def __init__(
        self,
        text: str,
        *,
        kind: str = "",
        path: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        rule: Optional[str] = None,
        message: Optional[str] = None,
        problems: Optional[List["CarelintError"]] = None,
    ) -> None:
        super().__init__(text)
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
        self.rule = rule
        self.message = text if message is None else message
        self.problems = list(problems) if problems else [self]

    def __reduce__(self) -> Any:
        # Keyword-only arguments: rebuild through a helper so errors raised in Spark or
        # Ray workers survive pickling with their attributes.
        state = {k: v for k, v in self.__dict__.items() if k != "problems"}
        others = [p for p in self.problems if p is not self]
        return (_rebuild, (type(self), str(self), state, others))


def _rebuild(cls: "type[CarelintError]", text: str, state: dict, others: list) -> CarelintError:
    e = cls.__new__(cls)
    Exception.__init__(e, text)
    e.__dict__.update(state)
    e.problems = others or [e]
    return e


class RuleError(CarelintError):
    """A rule pack is invalid: YAML syntax, an unknown key, a bad value or regex, a duplicate id."""


class ConfigError(CarelintError, ValueError):
    """A configuration file or a ``Linter(...)`` setting is invalid."""


class ParseError(CarelintError, ValueError):
    """A transcript is not valid in its format (with the line and column of the problem)."""


class FileError(CarelintError, OSError):
    """A file cannot be read, is binary, or is larger than the limit."""
