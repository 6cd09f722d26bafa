"""Errors are Python exceptions that say where: path, line, column (and rule)."""

from __future__ import annotations

import pickle

import pytest

import carelint
from carelint.errors import CarelintError

BAD_PACK = """\
- id: acme-one
  category: jargon
  severity: warning
  kind: phrases
  phrases: [bluebook]
  message: m
  why: w
  colour: red
- id: Bad_Id
  category: jargon
  severity: warning
  kind: phrases
  phrases: [x]
  message: m
  why: w
"""


def test_rule_errors_carry_every_problem():
    with pytest.raises(carelint.RuleError) as raised:
        carelint.Linter(default_rules=False, rules_yaml={"pack.yaml": BAD_PACK})
    e = raised.value
    assert e.kind == "rule" and e.path == "pack.yaml"
    assert len(e.problems) == 2
    first, second = e.problems
    assert (first.path, first.line, first.rule) == ("pack.yaml", 8, "acme-one")
    assert "colour" in first.message and first.column is not None
    assert (second.line, second.rule) == (9, "Bad_Id")
    assert str(first).startswith("pack.yaml:8:")
    assert "1 more problem" in str(e)


def test_rule_file_errors(tmp_path):
    (tmp_path / "pack.yaml").write_text("- id: x\n  kind: [\n")
    with pytest.raises(carelint.RuleError) as raised:
        carelint.Linter(rules=[tmp_path / "pack.yaml"])
    assert raised.value.path == str(tmp_path / "pack.yaml")
    assert raised.value.line is not None
    with pytest.raises(carelint.CarelintError) as raised:
        carelint.Linter(rules=[tmp_path / "missing.yaml"])
    assert "no such file" in str(raised.value)


def test_config_errors_have_positions(tmp_path):
    config = tmp_path / "carelint.yaml"
    config.write_text("disable: [hedging]\nvocabulery: [RMA]\n")
    with pytest.raises(carelint.ConfigError) as raised:
        carelint.Linter(config=config)
    e = raised.value
    assert (e.path, e.line, e.column) == (str(config), 2, 1)
    assert "did you mean `vocabulary`" in str(e)
    assert isinstance(e, ValueError)
    with pytest.raises(carelint.FileError):
        carelint.Linter(config=tmp_path / "nope.yaml")


def test_setting_errors():
    with pytest.raises(carelint.ConfigError, match="did you mean `warning`"):
        carelint.Linter(min_severity="warnng")
    with pytest.raises(carelint.ConfigError, match="did you mean `hedging`"):
        carelint.Linter(disable=["hedgng"])
    with pytest.raises(carelint.ConfigError, match="csv_columns"):
        carelint.Linter(csv_columns="colour=red")


def test_parse_errors_of_texts(linter):
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint('{"turns": [\n  {"speaker": "agent", "text": 3}\n]}', name="call.json")
    e = raised.value
    assert (e.path, e.line) == ("call.json", 2)
    assert e.column > 1
    assert str(e).startswith(f"call.json:2:{e.column}: ")


def test_hierarchy():
    assert issubclass(carelint.ParseError, CarelintError) and issubclass(carelint.ParseError, ValueError)
    assert issubclass(carelint.ConfigError, ValueError)
    assert issubclass(carelint.FileError, OSError)
    assert issubclass(carelint.RuleError, CarelintError)


def test_errors_pickle(linter):
    """Errors raised in Spark or Ray workers travel to the driver pickled."""
    with pytest.raises(carelint.RuleError) as raised:
        carelint.Linter(default_rules=False, rules_yaml={"pack.yaml": BAD_PACK})
    e = pickle.loads(pickle.dumps(raised.value))
    assert type(e) is carelint.RuleError
    assert (e.kind, e.path, e.line, e.rule, str(e)) == (
        raised.value.kind,
        raised.value.path,
        raised.value.line,
        raised.value.rule,
        str(raised.value),
    )
    assert [p.line for p in e.problems] == [8, 9]
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint({"turns": 3})
    single = pickle.loads(pickle.dumps(raised.value))
    assert single.problems == [single] and single.message == raised.value.message
