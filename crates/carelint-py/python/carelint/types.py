"""Types for annotating code that uses carelint (findings, conversations, settings).

>>> from carelint.types import Finding
>>> def errors_only(findings: "list[Finding]") -> "list[Finding]":
...     return [f for f in findings if f["severity"] == "error"]
"""

from __future__ import annotations

import os
from typing import Any, Dict, Literal, Optional, Sequence, TypedDict, Union

__all__ = ["Severity", "Role", "StrPath", "Span", "Finding", "Turn", "Conversation"]

#: A severity name.
Severity = Literal["info", "warning", "error"]
#: A speaker role name.
Role = Literal["agent", "customer", "system"]
#: A path given as a string or a path object.
StrPath = Union[str, "os.PathLike[str]"]


class Span(TypedDict):
    """Byte offsets of a match in its turn's text (``text.encode()[start:end]``)."""

    start: int
    end: int


class _FindingExtra(TypedDict, total=False):
    speaker_role: str
    """How a diarised speaker's role was chosen (only with ``explain_speakers=True``)."""


class Finding(_FindingExtra):
    """One finding: the fields of ``carelint check --format jsonl``."""

    path: str
    transcript: str
    turn: Optional[int]
    speaker: Optional[str]
    rule: str
    category: str
    severity: Severity
    message: str
    line: int
    column: int
    span: Optional[Span]
    match: Optional[str]
    suggestion: Optional[str]


class _TurnTiming(TypedDict, total=False):
    start: Optional[float]
    end: Optional[float]


class Turn(_TurnTiming):
    """A turn of a conversation dict."""

    speaker: str
    text: str


class Conversation(TypedDict, total=False):
    """A conversation in carelint's JSON shape (docs/transcript.schema.json). Only
    ``turns`` is required; other keys are kept as metadata."""

    id: Union[str, int]
    channel: Optional[str]
    kind: Literal["conversation", "template"]
    metadata: Dict[str, Any]
    turns: Sequence[Turn]
