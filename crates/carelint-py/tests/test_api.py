"""Every call of the Python API, on small inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

import carelint
from conftest import REPO

FIELDS = [
    "path",
    "transcript",
    "turn",
    "speaker",
    "rule",
    "category",
    "severity",
    "message",
    "line",
    "column",
    "span",
    "match",
    "suggestion",
]

CALL = {
    "id": "call-1",
    "channel": "chat",
    "turns": [
        {"speaker": "customer", "text": "My router keeps dropping the connection."},
        {"speaker": "agent", "text": "I guarantee it will be fixed today, I'll raise an RMA."},
    ],
}


def rules_of(findings):
    return [f["rule"] for f in findings]


def test_version_and_formats():
    assert carelint.__version__.count(".") == 2
    assert "jsonl" in carelint.FORMATS and "vtt" in carelint.FORMATS


def test_lint_dict_gives_jsonl_fields(linter):
    found = linter.lint(CALL)
    assert rules_of(found) == ["over-promising-guarantee", "jargon-business-terms"]
    rma = found[1]
    assert list(rma) == FIELDS
    assert rma["path"] == "call-1" and rma["transcript"] == "call-1"
    assert (rma["turn"], rma["speaker"], rma["match"]) == (1, "agent", "RMA")
    assert rma["suggestion"] == "return authorisation"
    text = CALL["turns"][1]["text"].encode()
    assert text[rma["span"]["start"] : rma["span"]["end"]] == b"RMA"
    # A dict has no source file: line 1, column counted in the turn's text.
    assert (rma["line"], rma["column"]) == (1, CALL["turns"][1]["text"].index("RMA") + 1)


def test_lint_dict_name_and_defaults(linter):
    no_id = {"turns": CALL["turns"]}
    assert {f["transcript"] for f in linter.lint(no_id)} == {"<memory>"}
    named = linter.lint(no_id, name="calls/today.json")
    assert {(f["path"], f["transcript"]) for f in named} == {("calls/today.json", "calls/today.json")}
    assert {f["path"] for f in linter.lint(CALL, name="x.jsonl")} == {"x.jsonl"}
    numeric = linter.lint({**CALL, "id": 42})
    assert {f["transcript"] for f in numeric} == {"42"}


def test_lint_dict_metadata_and_timing(linter):
    # The customer's name is known from metadata: never using it is a finding.
    call = {
        "id": "m1",
        "customer_name": "Priya",
        "turns": [
            {"speaker": "customer", "text": "Hi, my order never came."},
            {"speaker": "agent", "text": "Sorry about that. Let me check the order."},
            {"speaker": "customer", "text": "Thanks."},
            {"speaker": "agent", "text": "It ships today. Is there anything else I can help you with?"},
            {"speaker": "customer", "text": "No, that's all."},
            {"speaker": "agent", "text": "Thank you for contacting us. Have a great day!"},
        ],
    }
    with_name = rules_of(linter.lint(call))
    without_name = rules_of(linter.lint({k: v for k, v in call.items() if k != "customer_name"}))
    assert with_name == without_name + ["personalization-use-customer-name"]
    via_metadata = rules_of(linter.lint({**{k: v for k, v in call.items() if k != "customer_name"}, "metadata": {"customer_name": "Priya"}}))
    assert via_metadata == with_name


def test_lint_dict_equals_lint_of_json_text(linter):
    import json

    as_text = linter.lint(json.dumps(CALL), format="json")
    as_dict = linter.lint(CALL)
    drop = ("path", "line", "column")
    assert [{k: v for k, v in f.items() if k not in drop} for f in as_text] == [
        {k: v for k, v in f.items() if k not in drop} for f in as_dict
    ]


def test_lint_plain_text(linter):
    line2 = "Agent: I guarantee it arrives tomorrow."
    found = linter.lint("Customer: Where is my replacement?\n" + line2 + "\n")
    assert found[0]["rule"] == "over-promising-guarantee" and "guarantee" in found[0]["match"]
    assert (found[0]["path"], found[0]["line"]) == ("<memory>", 2)
    assert found[0]["column"] == line2.index(found[0]["match"]) + 1


def test_lint_text_formats_and_names(linter):
    vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Agent>I guarantee it arrives tomorrow.\n"
    assert rules_of(linter.lint(vtt, format="vtt")) == ["over-promising-guarantee"]
    # Detected by content, and by the name's extension.
    assert rules_of(linter.lint(vtt)) == ["over-promising-guarantee"]
    assert linter.lint(vtt, name="call.vtt")[0]["path"] == "call.vtt"
    with pytest.raises(ValueError, match="unknown format `vtx`"):
        linter.lint(vtt, format="vtx")


def test_lint_rejects_other_types(linter):
    with pytest.raises(TypeError, match="dict in carelint's JSON shape or a str"):
        linter.lint(["Agent: hi"])
    with pytest.raises(TypeError):
        linter.lint_many([CALL, 3])


def test_lint_many_in_input_order(linter):
    items = [CALL, "Agent: Calm down, please.", {"id": "clean", "turns": []}, CALL]
    results = linter.lint_many(items)
    assert len(results) == 4
    assert results[0] == linter.lint(CALL) == results[3]
    assert rules_of(results[1]) == rules_of(linter.lint(items[1]))
    assert results[2] == []
    assert linter.lint_many([]) == []
    assert linter.lint_many(iter([CALL])) == [linter.lint(CALL)]


def test_lint_many_errors(linter):
    items = [CALL, {"id": "bad", "turns": [{"speaker": "agent"}]}, "Agent: fine", {"turns": "x"}]
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint_many(items)
    e = raised.value
    assert e.index == 1 and e.path == "bad" and "turns[0]: missing key `text`" in str(e)
    # Nothing is lost: every result, with the errors in place.
    assert e.results[0] == linter.lint(CALL)
    assert isinstance(e.results[3], carelint.ParseError) and e.results[3].index == 3
    assert e.results[3].path == "<conversation 3>"
    returned = linter.lint_many(items, on_error="return")
    assert returned[0] == e.results[0] and isinstance(returned[1], carelint.ParseError)
    with pytest.raises(ValueError, match="on_error"):
        linter.lint_many(items, on_error="ignore")


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"id": "a"}, "missing key `turns`"),
        ({"id": "a", "turns": "text"}, "`turns` must be a list"),
        ({"id": "a", "turns": ["Agent: hi"]}, "turns[0]: a turn must be a dict"),
        ({"id": "a", "turns": [{"text": "hi"}]}, "turns[0]: missing key `speaker`"),
        ({"id": "a", "turns": [{"speaker": 1, "text": "hi"}]}, "turns[0]: `speaker` must be a string"),
        ({"id": "a", "turns": [{"speaker": "agent", "text": "hi", "start": "0:01"}]}, "`start` must be a number"),
        ({"id": [1], "turns": []}, "`id` must be a string or a number"),
        ({"id": "a", "kind": "memo", "turns": []}, "unknown `kind` `memo`"),
        ({"id": "a", "metadata": [], "turns": []}, "`metadata` must be a dict"),
    ],
)
def test_malformed_dicts(linter, bad, message):
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint(bad)
    assert message in str(raised.value)
    assert raised.value.kind == "parse"


def test_lint_file_every_format(linter):
    folder = REPO / "fixtures" / "same-conversation"
    seen = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".md":
            continue
        found = linter.lint_file(path)
        assert found, path
        assert {f["path"] for f in found} == {str(path)}
        seen[path.name] = {f["rule"] for f in found}
    # The same conversation in every format: the same rules fire.
    assert len({frozenset(r) for r in seen.values()}) <= 2, seen
    assert linter.lint_file(str(folder / "conversation.txt")) == linter.lint_file(folder / "conversation.txt")


def test_lint_file_forced_format(linter, tmp_path):
    p = tmp_path / "call.log"
    p.write_text("Agent: I guarantee it.\n")
    assert rules_of(linter.lint_file(p, format="plain")) == ["over-promising-guarantee"]


def test_lint_file_jsonl_keeps_going_after_bad_lines(linter, tmp_path):
    import json

    p = tmp_path / "calls.jsonl"
    p.write_text(json.dumps(CALL) + "\nnot json\n\n" + json.dumps({**CALL, "id": "call-2"}) + "\n{\"turns\": 1}\n")
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint_file(p)
    e = raised.value
    assert (e.path, e.line, e.column) == (str(p), 2, 2)
    assert [x.line for x in e.problems] == [2, 5]
    assert {f["transcript"] for f in e.findings} == {"call-1", "call-2"}
    assert {f["line"] for f in e.findings} == {1, 4}


def test_lint_file_errors(linter, tmp_path):
    with pytest.raises(carelint.FileError) as raised:
        linter.lint_file(tmp_path / "missing.txt")
    assert raised.value.kind == "io" and isinstance(raised.value, OSError)
    assert "no such file" in str(raised.value)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"Agent: hi\x00\x01")
    with pytest.raises(carelint.FileError, match="binary file"):
        linter.lint_file(binary)
    big = tmp_path / "big.txt"
    big.write_text("Agent: hello there.\n" * 100)
    with pytest.raises(carelint.FileError) as raised:
        linter.lint_file(big, max_bytes=100)
    assert raised.value.kind == "too-large"
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{\n  "turns": [\n    {"speaker": "agent", "text": 5}\n  ]\n}\n')
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint_file(bad_json)
    assert (raised.value.path, raised.value.line) == (str(bad_json), 3)
    assert raised.value.column is not None


def test_parse_round_trips(linter):
    text = (REPO / "fixtures" / "same-conversation" / "conversation.vtt").read_text()
    [conv] = linter.parse(text, name="conversation.vtt")
    assert set(conv) == {"id", "channel", "kind", "metadata", "turns"}
    assert conv["turns"][0]["start"] is not None
    drop = ("path", "line", "column")
    from_text = [{k: v for k, v in f.items() if k not in drop} for f in linter.lint(text, name="conversation.vtt")]
    from_dict = [{k: v for k, v in f.items() if k not in drop} for f in linter.lint(conv)]
    assert from_dict == from_text


def test_rules_rule_explain(linter):
    rules = linter.rules()
    assert len(rules) > 40
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids)
    r = linter.rule("jargon-business-terms")
    assert r in rules and r["category"] == "jargon" and r["kind"] == "phrases"
    assert linter.rule("no-such-rule") is None
    text = linter.explain("jargon-business-terms")
    assert text.startswith("jargon-business-terms (jargon, warning)\n")
    assert "Why:" in text and "Flags:" in text
    with pytest.raises(KeyError, match="did you mean `jargon-business-terms`"):
        linter.explain("jargon-busines-terms")


def test_settings(tmp_path):
    base = carelint.Linter()
    assert base.is_enabled("hedging-not-sure")
    quiet = carelint.Linter(disable=["hedging"], severity={"idiom": "info"}, vocabulary=["RMA"])
    assert not quiet.is_enabled("hedging-not-sure")
    assert quiet.severity_of("idiom-keeping-in-touch") == "info"
    assert quiet.severity_of("nope") is None
    assert "jargon-business-terms" not in rules_of(quiet.lint(CALL))
    one_back = carelint.Linter(disable=["hedging"], enable=["hedging-not-sure"])
    assert one_back.is_enabled("hedging-not-sure") and not one_back.is_enabled("hedging-maybe")
    assert carelint.Linter(disable=["hedging"], enable=["hedging"]).is_enabled("hedging-not-sure")
    strict = carelint.Linter(min_severity="warning")
    assert all(f["severity"] != "info" for f in strict.lint("Agent: The ETA is three days, I guarantee it."))
    with pytest.raises(TypeError, match="list of strings"):
        carelint.Linter(disable="hedging")
    with pytest.raises(TypeError):
        carelint.Linter(no_such_setting=True)


def test_speakers_setting():
    linter = carelint.Linter(speakers={"maria": "agent", "spk_1": "customer"})
    found = linter.lint({"id": "s", "turns": [{"speaker": "Maria", "text": "I guarantee it."}]})
    assert found[0]["speaker"] == "agent"
    assert carelint.Linter().lint({"id": "s", "turns": [{"speaker": "Maria", "text": "I guarantee it."}]}) == []
    with pytest.raises(carelint.ConfigError, match="speaker `maria`"):
        carelint.Linter(speakers={"maria": "boss"})


def test_custom_rules_from_text_and_files(tmp_path):
    pack = """
- id: acme-internal-codes
  category: jargon
  severity: warning
  kind: phrases
  phrases: [ZX-ticket, bluebook]
  message: "“{match}” is an internal name; describe it instead"
  why: Customers never see our internal tools and cannot act on their names.
"""
    only = carelint.Linter(default_rules=False, rules_yaml={"acme.yaml": pack})
    assert [r["id"] for r in only.rules()] == ["acme-internal-codes"]
    assert rules_of(only.lint("I checked the bluebook for you.")) == ["acme-internal-codes"]
    (tmp_path / "acme.yaml").write_text(pack)
    both = carelint.Linter(rules=[tmp_path])
    assert both.rule("acme-internal-codes")["source"] == str(tmp_path / "acme.yaml")
    assert len(both.rules()) == len(carelint.Linter().rules()) + 1


def test_config_file(tmp_path):
    (tmp_path / "carelint.yaml").write_text("disable: [hedging]\nvocabulary: [RMA]\nmin-severity: warning\n")
    linter = carelint.Linter(config=tmp_path / "carelint.yaml")
    assert not linter.is_enabled("hedging-not-sure")
    assert "jargon-business-terms" not in rules_of(linter.lint(CALL))
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert Path(carelint.find_config(sub)) == tmp_path / "carelint.yaml"
    assert carelint.find_config(Path("/")) is None or Path(carelint.find_config(Path("/"))).exists()


def test_threads_setting_and_repr():
    assert carelint.Linter(threads=1).threads == 1
    assert carelint.Linter(threads=3).threads == 3
    assert carelint.Linter().threads >= 1
    assert "rules" in repr(carelint.Linter(threads=1))


def test_findings_schema():
    pa = pytest.importorskip("pyarrow")
    schema = carelint.findings_schema()
    assert isinstance(schema, pa.Schema)
    assert schema.names == FIELDS
    assert schema.field("span").type == pa.struct([("start", pa.int64()), ("end", pa.int64())])


def test_cached_linter_is_built_once_per_settings():
    from carelint.spark import FINDINGS_DDL, cached_linter

    a = cached_linter(disable=["hedging"], threads=1)
    assert cached_linter(threads=1, disable=["hedging"]) is a
    assert cached_linter(threads=1) is not a
    assert not a.is_enabled("hedging-not-sure")
    # The DDL names the same fields as the Arrow schema.
    import re

    names = re.findall(r"(?:^|, )`?([a-z_]+)`? (?:string|bigint|struct)", FINDINGS_DDL)
    assert names == FIELDS


def test_docstring_examples():
    import doctest

    import carelint.types

    for module in (carelint, carelint.types):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module
