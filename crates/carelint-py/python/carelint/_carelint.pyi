"""Type stubs of the extension module ``carelint._carelint`` (re-exported by ``carelint``)."""

import os
import sys
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict

from .errors import CarelintError

__version__: str
#: Names of the input formats (``format=``): auto, plain, json, jsonl, csv, tsv, vtt, srt,
#: aws-transcribe, contact-lens, whisper, deepgram.
FORMATS: List[str]

StrPath = Union[str, "os.PathLike[str]"]
Severity = Literal["info", "warning", "error"]
Role = Literal["agent", "customer", "system"]

class Span(TypedDict):
    """Byte offsets of a match within its turn's text (``text.encode()[start:end]``)."""

    start: int
    end: int

Finding = TypedDict(
    "Finding",
    {
        "path": str,
        "transcript": str,
        "turn": Optional[int],
        "speaker": Optional[str],
        "rule": str,
        "category": str,
        "severity": Severity,
        "message": str,
        "line": int,
        "column": int,
        "span": Optional[Span],
        "match": Optional[str],
        "suggestion": Optional[str],
        "speaker_role": NotRequired[str],
    },
)
"""One finding: the fields of ``carelint check --format jsonl``."""

class Turn(TypedDict):
    """A turn of a conversation dict."""

    speaker: str
    text: str
    start: NotRequired[Optional[float]]
    end: NotRequired[Optional[float]]

class Conversation(TypedDict, total=False):
    """A conversation in carelint's JSON shape (docs/transcript.schema.json); only
    ``turns`` is required, other keys are kept as metadata."""

    id: Union[str, int]
    channel: Optional[str]
    kind: Literal["conversation", "template"]
    metadata: Dict[str, Any]
    turns: Sequence[Turn]

class Linter:
    """A compiled set of carelint rules, ready to lint conversations.

    Build it once and reuse it; it is immutable, thread-safe, and every lint call
    releases the GIL. Raises ``RuleError`` or ``ConfigError`` (with path, line, column,
    and every problem in ``.problems``) when a rule pack or setting is invalid.
    """

    def __init__(
        self,
        config: Optional[StrPath] = None,
        rules: Optional[Sequence[StrPath]] = None,
        default_rules: bool = True,
        *,
        rules_yaml: Optional[Mapping[str, str]] = None,
        vocabulary: Optional[Iterable[str]] = None,
        disable: Optional[Iterable[str]] = None,
        enable: Optional[Iterable[str]] = None,
        severity: Optional[Mapping[str, Severity]] = None,
        min_severity: Optional[Severity] = None,
        speakers: Optional[Mapping[str, Role]] = None,
        csv_columns: Optional[str] = None,
        agent_channel: Optional[int] = None,
        explain_speakers: bool = False,
        threads: Optional[int] = None,
    ) -> None:
        """Loads and compiles the rules.

        Args:
            config: path of a carelint.yaml (never looked up automatically; see
                ``find_config``).
            rules: rule pack files or folders, added to the built-in packs.
            default_rules: False drops the built-in packs.
            rules_yaml: rule packs as text, ``{name: yaml}``.
            vocabulary: terms your customers know; no jargon or idiom finding inside them.
            disable: rule ids or categories to switch off.
            enable: rule ids or categories to switch on again.
            severity: ``{rule id or category: severity}``.
            min_severity: report only findings at or above this severity.
            speakers: ``{label: role}`` for plain-text and diarised speaker labels.
            csv_columns: ``"id=call,speaker=who,text=msg,start=ts"`` for CSV/TSV files.
            agent_channel: the agent's channel in two-channel recordings (default 0).
            explain_speakers: add ``speaker_role`` to findings of diarised formats.
            threads: worker threads of ``lint_many``/``lint_file``/``lint_arrow``: None
                uses every core, 1 the calling thread only.
        """
    @property
    def threads(self) -> int:
        """Number of worker threads ``lint_many``, ``lint_file`` and ``lint_arrow`` use."""
    def lint(
        self,
        conversation: Union[Conversation, Mapping[str, Any], str],
        *,
        name: Optional[str] = None,
        format: Optional[str] = None,
    ) -> List[Finding]:
        """Lints one conversation: a dict in carelint's JSON shape, or a text (plain
        text by default; ``format=`` or ``name``'s extension chooses another reader).

        For a dict, ``path`` is ``name`` (default: the conversation's id), ``line`` is 1
        and ``column`` counts characters from the start of the turn's text.

        Raises:
            ParseError: the conversation is malformed.
        """
    def lint_many(
        self,
        conversations: Iterable[Union[Conversation, Mapping[str, Any], str]],
        *,
        format: Optional[str] = None,
        on_error: Literal["raise", "return"] = "raise",
    ) -> List[Union[List[Finding], CarelintError]]:
        """Lints many conversations in parallel; one list of findings per input, in
        input order. A malformed item does not stop the others: with ``on_error="raise"``
        the first one's exception is raised afterwards, with ``.index`` and ``.results``
        (the full list, exceptions in place of the malformed items); with
        ``on_error="return"`` that list is returned."""
    def lint_file(
        self, path: StrPath, *, format: Optional[str] = None, max_bytes: int = 67108864
    ) -> List[Finding]:
        """Lints a file of any supported format; the findings equal
        ``carelint check FILE --format jsonl``. JSON Lines files are streamed.

        Raises:
            FileError: unreadable, binary or larger than ``max_bytes``.
            ParseError: malformed; for JSON Lines, after linting the good lines, with
                ``.problems`` (every bad line) and ``.findings``.
        """
    def lint_arrow(
        self,
        batch: Any,
        *,
        id_column: str = "id",
        turns_column: str = "turns",
        json_column: Optional[str] = None,
        path_column: Optional[str] = None,
        line_column: Optional[str] = None,
        name: str = "<arrow>",
        on_error: Literal["raise", "emit"] = "raise",
    ) -> Any:
        """Lints an Arrow record batch or table of conversations (anything with the
        Arrow PyCapsule interface) and returns a ``pyarrow.RecordBatch`` of findings
        with the schema ``findings_schema()``.

        Rows are structured (``id_column``, ``turns_column`` as
        ``list<struct<speaker, text, start, end>>``, optional ``channel``, ``kind``,
        ``metadata``, ``agent``, ``customer_name``, ``customer_timezone``, ``locale``) or
        JSON text (``json_column``). ``path_column``/``line_column`` give each row's
        source, so JSON-text rows get the CLI's exact path, line and column.

        Raises:
            ValueError: the batch lacks a column or has a column of the wrong type.
            ParseError: a row is malformed (``on_error="raise"``); with
                ``on_error="emit"`` it becomes a row with ``rule`` null and severity
                ``"error"``.
        """
    def parse(self, text: str, *, name: str = "<memory>", format: Optional[str] = None) -> List[Dict[str, Any]]:
        """Reads every transcript of a text in any supported format, as conversation
        dicts (id, channel, kind, metadata, turns)."""
    def rules(self) -> List[Dict[str, Any]]:
        """The loaded rules as ``carelint rules --format json`` lists them."""
    def rule(self, id: str) -> Optional[Dict[str, Any]]:
        """The rule with this id as a dict, or None."""
    def explain(self, id: str) -> str:
        """The text of ``carelint explain ID``. Raises KeyError for an unknown id."""
    def is_enabled(self, id: str) -> bool:
        """Whether a rule is on after the configuration and ``min_severity``."""
    def severity_of(self, id: str) -> Optional[Severity]:
        """A rule's severity after the configuration, or None for an unknown id."""

def findings_schema() -> Any:
    """The ``pyarrow.Schema`` of ``Linter.lint_arrow``'s output."""

def find_config(start: Optional[StrPath] = None) -> Optional[str]:
    """The carelint.yaml in ``start`` (default: the current folder) or its nearest
    parent, or None."""
