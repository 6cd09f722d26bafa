"""The columnar entry point: Arrow record batches in, a record batch of findings out."""

from __future__ import annotations

import json

import pytest

import carelint
from conftest import SAMPLE, read_jsonl, without

pa = pytest.importorskip("pyarrow")

TURN = pa.struct([("speaker", pa.string()), ("text", pa.string()), ("start", pa.float64()), ("end", pa.float64())])


def structured(convs, *, turns_type=None, id_type=pa.string()):
    rows = [
        {
            "id": c.get("id"),
            "channel": c.get("channel"),
            "turns": [
                {"speaker": t["speaker"], "text": t["text"], "start": t.get("start"), "end": t.get("end")}
                for t in c["turns"]
            ],
        }
        for c in convs
    ]
    schema = pa.schema([("id", id_type), ("channel", pa.string()), ("turns", turns_type or pa.list_(TURN))])
    return pa.Table.from_pylist(rows, schema=schema)


def json_rows(path, lines=None):
    texts = path.read_text(encoding="utf-8").split("\n")
    if texts and texts[-1] == "":
        texts.pop()
    return pa.record_batch(
        {
            "json": texts,
            "path": [str(path)] * len(texts),
            "line": list(range(1, len(texts) + 1)),
        }
    )


def test_structured_equals_lint_of_dicts(linter):
    convs = read_jsonl(SAMPLE)
    table = structured(convs)
    out = linter.lint_arrow(table)
    assert isinstance(out, pa.RecordBatch)
    assert out.schema == carelint.findings_schema()
    rows = out.to_pylist()
    expected = [f for c in convs for f in linter.lint(c)]
    assert len(rows) > 50
    assert without(rows, "path") == without(expected, "path")
    assert {r["path"] for r in rows} == {"<arrow>"}
    # The same from a record batch, and with every batch of the table.
    assert linter.lint_arrow(table.to_batches()[0]).to_pylist() == rows


def test_json_text_equals_lint_file(linter):
    batch = json_rows(SAMPLE)
    got = linter.lint_arrow(batch, json_column="json", path_column="path", line_column="line").to_pylist()
    assert got == linter.lint_file(SAMPLE)
    # Without positions: the same findings, at line 1 of "<arrow>".
    plain = linter.lint_arrow(batch.select(["json"]), json_column="json").to_pylist()
    assert without(plain, "path", "line") == without(got, "path", "line")


@pytest.mark.parametrize(
    "turns_type, id_type",
    [
        (pa.large_list(TURN), pa.large_string()),
        (pa.list_(pa.struct([("speaker", pa.string_view()), ("text", pa.string_view())])), pa.string_view()),
        (pa.list_(pa.struct([("text", pa.large_string()), ("speaker", pa.string()), ("start", pa.int32())])), pa.string()),
    ],
)
def test_arrow_layouts(linter, turns_type, id_type):
    convs = read_jsonl(SAMPLE)[:40]
    base = linter.lint_arrow(structured(convs)).to_pylist()
    other = linter.lint_arrow(structured(convs, turns_type=turns_type, id_type=id_type)).to_pylist()
    # Timing rules need start times, which some layouts drop.
    timing = lambda rows: [r for r in rows if r["category"] != "clarity"]  # noqa: E731
    assert timing(other) == timing(base)


def test_integer_ids_and_optional_columns(linter):
    turns = [
        {"speaker": "customer", "text": "My order never came."},
        {"speaker": "agent", "text": "Sorry about that. Let me check the order."},
        {"speaker": "customer", "text": "Thanks."},
        {"speaker": "agent", "text": "It ships today. Is there anything else I can help you with?"},
        {"speaker": "customer", "text": "No, that's all."},
        {"speaker": "agent", "text": "Thank you for contacting us. Have a great day!"},
    ]
    table = pa.table(
        {
            "id": pa.array([7, 8], pa.int64()),
            "turns": [turns, turns],
            "customer_name": ["Priya", None],
            "kind": ["conversation", None],
        }
    )
    rows = linter.lint_arrow(table).to_pylist()
    by_id = {}
    for r in rows:
        by_id.setdefault(r["transcript"], set()).add(r["rule"])
    dict_7 = {f["rule"] for f in linter.lint({"id": 7, "turns": turns, "customer_name": "Priya"})}
    dict_8 = {f["rule"] for f in linter.lint({"id": 8, "turns": turns})}
    assert by_id.get("7", set()) == dict_7 and by_id.get("8", set()) == dict_8
    assert dict_7 != dict_8
    # Metadata as a struct column gives the same.
    meta = table.drop_columns(["customer_name"]).append_column(
        "metadata", pa.array([{"customer_name": "Priya"}, {"customer_name": None}])
    )
    assert linter.lint_arrow(meta).to_pylist() == rows


def test_custom_column_names(linter):
    table = structured(read_jsonl(SAMPLE)[:10]).rename_columns(["call_id", "channel", "utterances"])
    with pytest.raises(ValueError, match="no turns column `turns`"):
        linter.lint_arrow(table)
    rows = linter.lint_arrow(table, id_column="call_id", turns_column="utterances").to_pylist()
    assert rows == linter.lint_arrow(structured(read_jsonl(SAMPLE)[:10])).to_pylist()


def test_empty_batch(linter):
    out = linter.lint_arrow(structured([]))
    assert out.num_rows == 0 and out.schema == carelint.findings_schema()


def test_schema_errors(linter):
    with pytest.raises(ValueError, match="must be a list of structs"):
        linter.lint_arrow(pa.table({"id": ["a"], "turns": ["Agent: hi"]}))
    with pytest.raises(ValueError, match="no field `text`"):
        linter.lint_arrow(pa.table({"id": ["a"], "turns": [[{"speaker": "agent"}]]}))
    with pytest.raises(ValueError, match="no JSON column `body`"):
        linter.lint_arrow(pa.table({"id": ["a"]}), json_column="body")
    with pytest.raises(ValueError, match="must hold strings"):
        linter.lint_arrow(pa.table({"json": [1]}), json_column="json")
    with pytest.raises(ValueError, match="must hold integers"):
        linter.lint_arrow(pa.table({"json": ["{}"], "line": ["1"]}), json_column="json", line_column="line")
    with pytest.raises(TypeError, match="__arrow_c_array__"):
        linter.lint_arrow([{"id": "a", "turns": []}])
    with pytest.raises(ValueError, match="on_error"):
        linter.lint_arrow(structured([]), on_error="skip")


def test_bad_rows_raise_or_are_emitted(linter):
    good = json.dumps({"id": "ok", "turns": [{"speaker": "agent", "text": "I guarantee it."}]})
    batch = pa.record_batch(
        {"json": [good, "not json", None, good], "path": ["a.jsonl"] * 4, "line": [1, 2, 3, 4]}
    )
    options = dict(json_column="json", path_column="path", line_column="line")
    with pytest.raises(carelint.ParseError) as raised:
        linter.lint_arrow(batch, **options)
    assert (raised.value.path, raised.value.line, raised.value.column) == ("a.jsonl", 2, 2)
    rows = linter.lint_arrow(batch, on_error="emit", **options).to_pylist()
    assert [(r["line"], r["rule"]) for r in rows] == [
        (1, "over-promising-guarantee"),
        (2, None),
        (3, None),
        (4, "over-promising-guarantee"),
    ]
    assert rows[1]["severity"] == "error" and rows[1]["message"].startswith("parse error: invalid JSON")
    assert rows[2]["message"] == "parse error: row 2: the JSON text is null"
    # Structured rows: a null turns list, a turn without text.
    table = pa.table(
        {
            "id": ["a", "b", "c", "d"],
            "turns": pa.array(
                [
                    None,
                    [{"speaker": "agent", "text": None}],
                    [{"speaker": "agent", "text": "I guarantee it."}],
                    [{"speaker": "agent", "text": "Hi."}, None],
                ],
                pa.list_(pa.struct([("speaker", pa.string()), ("text", pa.string())])),
            ),
        }
    )
    with pytest.raises(carelint.ParseError, match="row 0: `turns` is null"):
        linter.lint_arrow(table)
    rows = linter.lint_arrow(table, on_error="emit").to_pylist()
    assert [(r["transcript"], r["rule"]) for r in rows] == [
        ("a", None),
        ("b", None),
        ("c", "over-promising-guarantee"),
        ("d", None),
    ]
    assert rows[1]["message"] == "parse error: row 1: turn 0 has no text"
    assert rows[3]["message"] == "parse error: row 3: turn 1 is null"


def test_threads_do_not_change_arrow_output():
    batch = json_rows(SAMPLE)
    options = dict(json_column="json", path_column="path", line_column="line")
    one = carelint.Linter(threads=1).lint_arrow(batch, **options)
    many = carelint.Linter(threads=4).lint_arrow(batch, **options)
    assert one.equals(many)

