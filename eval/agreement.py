#!/usr/bin/env python3
"""How far two blind annotators agree, and carelint's recall against each and against
what both flagged.

    python3 eval/agreement.py eval/test/gold.jsonl eval/annotation/labels-1[2-5].jsonl \\
        [--carelint target/release/carelint] [--json]

The first file is the gold labels (one annotator per conversation); the others together
are a second, independent annotation of the same conversations in the same format
(docs/annotation.md; conversations without one are left out).
A label is a (conversation, turn, category); `null` turns are conversation-level.

Per category it prints:

- `first`, `second`: each annotator's `must` labels;
- `both`: `must` for both; agreement F1 = 2·both / (first + second);
- `lenient`: a `must` of one counts as agreed when the other has it as `must` or `ok`;
- carelint's recall (`carelint eval --no-config`) against the first annotator (the
  reported figure), against the second, and against the labels both flagged; and its
  precision against both: right = findings on a label both flagged, wrong = findings
  where neither flagged anything nor called it borderline (findings on a label only one
  flagged count neither way).

Reading it: where two careful readers of the same guideline agree on only half of their
labels, no tool can reach the recall target against either one alone; the recall against
what both flagged says how much of the clear-cut part the tool finds.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict


def load(*paths):
    out = OrderedDict()
    for path in paths:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r
    return out


def labels(rows, key):
    return {(cid, t, c) for cid, r in rows.items() for t, c in r.get(key, [])}


def write_gold(path, ids, must, ok):
    with open(path, "w", encoding="utf-8") as f:
        for cid in ids:
            m = sorted([[t, c] for i, t, c in must if i == cid], key=str)
            o = sorted([[t, c] for i, t, c in ok if i == cid], key=str)
            f.write(json.dumps({"id": cid, "must": m, "ok": o, "notes": {}}) + "\n")


def recall(carelint, gold, conversations):
    out = subprocess.run(
        [carelint, "eval", gold, conversations, "--no-config", "--format", "json"],
        capture_output=True,
        text=True,
    )
    if out.returncode not in (0, 1):
        sys.exit(f"carelint eval failed: {out.stderr.strip()}")
    d = json.loads(out.stdout)
    per = {c: (v["found"], v["support"], v["right"], v["wrong"]) for c, v in d["categories"].items()}
    t = d["total"]
    per["all"] = (t["found"], t["support"], t["right"], t["wrong"])
    return per


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("first")
    ap.add_argument("second", nargs="+")
    ap.add_argument("--carelint", default="target/release/carelint")
    ap.add_argument("--conversations", help="default: conversations.jsonl next to FIRST")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    first, second = load(a.first), load(*a.second)
    ids = [i for i in first if i in second]
    missing = [i for i in first if i not in second]
    if missing:
        print(f"note: {len(missing)} conversations have no second annotation", file=sys.stderr)
    first = OrderedDict((i, first[i]) for i in ids)
    second = OrderedDict((i, second[i]) for i in ids)
    m1, m2 = labels(first, "must"), labels(second, "must")
    o1, o2 = labels(first, "ok"), labels(second, "ok")
    both = m1 & m2
    conv = a.conversations or os.path.join(os.path.dirname(a.first), "conversations.jsonl")

    with tempfile.TemporaryDirectory() as tmp:
        g1 = os.path.join(tmp, "first.jsonl")
        g2 = os.path.join(tmp, "second.jsonl")
        gb = os.path.join(tmp, "both.jsonl")
        write_gold(g1, ids, m1, o1)
        write_gold(g2, ids, m2, o2)
        # What only one annotator flagged, or either called borderline, counts neither way.
        write_gold(gb, ids, both, (m1 | m2 | o1 | o2) - both)
        r1 = recall(a.carelint, g1, conv)
        r2 = recall(a.carelint, g2, conv)
        rb = recall(a.carelint, gb, conv)

    cats = sorted({c for _, _, c in m1 | m2})
    rows = []
    for c in cats + ["all"]:
        sel = (lambda s: s) if c == "all" else (lambda s, c=c: {x for x in s if x[2] == c})
        f, s, b = sel(m1), sel(m2), sel(both)
        lenient = len({x for x in f if x in m2 | o2}) + len({x for x in s if x in m1 | o1})
        rows.append(
            {
                "category": c,
                "conversations": len(ids),
                "first": len(f),
                "second": len(s),
                "both": len(b),
                "agreement_f1": 2 * len(b) / (len(f) + len(s)) if f or s else None,
                "lenient_f1": lenient / (len(f) + len(s)) if f or s else None,
                "recall_first": r1.get(c, (0, len(f), 0, 0))[:2],
                "recall_second": r2.get(c, (0, len(s), 0, 0))[:2],
                "recall_both": rb.get(c, (0, len(b), 0, 0))[:2],
                # Findings on a label both flagged, and on none either flagged or called
                # borderline.
                "precision_both": rb.get(c, (0, 0, 0, 0))[2:],
            }
        )
    if a.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return

    def pct(found_support):
        found, support = found_support
        return f"{100 * found / support:.1f}% ({found}/{support})" if support else "–"

    def f1(x):
        return "–" if x is None else f"{x:.2f}"

    print(
        "| category | first | second | both | agreement F1 | lenient F1 "
        "| recall vs first | recall vs second | recall vs both | precision vs both |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        name = f"**{r['category']}**" if r["category"] == "all" else r["category"]
        print(
            f"| {name} | {r['first']} | {r['second']} | {r['both']} | {f1(r['agreement_f1'])} "
            f"| {f1(r['lenient_f1'])} | {pct(r['recall_first'])} | {pct(r['recall_second'])} "
            f"| {pct(r['recall_both'])} | {pct((r['precision_both'][0], sum(r['precision_both'])))} |"
        )
    print(f"\n{len(ids)} conversations annotated twice.")


if __name__ == "__main__":
    main()
