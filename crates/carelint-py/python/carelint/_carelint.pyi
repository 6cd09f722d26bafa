"""Type stubs of the extension module ``carelint._carelint`` (re-exported by ``carelint``)."""

import pathlib
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Union, final

from .errors import CarelintError
from .types import Conversation, Finding, Role, Severity, StrPath

__all__ = ["FORMATS", "Linter", "__version__", "find_config", "findings_schema"]

__version__: str
#: Names of the input formats (``format=``): auto, plain, json, jsonl, csv, tsv, vtt, srt,
#: aws-transcribe, contact-lens, whisper, deepgram.
FORMATS: List[str]

@final
class Linter:
    """A compiled set of carelint rules, ready to lint conversations.

    Build it once and reuse it; it is immutable, thread-safe, and every lint call
    releases the GIL. Raises ``RuleError`` or ``ConfigError`` (with path, line, column,
    and every problem in ``.problems``) when a rule pack or setting is invalid.
    """

    def __new__(
        cls,
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
    ) -> "Linter":
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

def find_config(start: Optional[StrPath] = None) -> Optional[pathlib.Path]:
    """The carelint.yaml in ``start`` (default: the current folder) or its nearest
    parent, or None."""
