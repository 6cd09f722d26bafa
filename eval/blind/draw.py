#!/usr/bin/env python3
"""Draws the blind precision sample: 20 random findings per category.

    cargo build --release
    python3 eval/blind/draw.py ROUND SEED [CORPUS_DIR]

ONLY=cat1,cat2 limits the draw to those categories (a round re-measuring what changed).
REMOVED_BY=OTHER_BINARY draws only from the findings OTHER_BINARY no longer makes (a
change's removals, judged blind before it lands).
SOURCES=twcs_sample.jsonl draws from the Twitter sample instead: the only real
customer-care text in the corpus, under a non-commercial licence that allows measuring
but not shipping it. Its packets then go to target/blind/ROUND/ (never committed), and the
committed key.csv leaves out the flagged text; everything else is the same.
ROUND names the output folder (eval/blind/ROUND/); conversations sampled in any earlier
round's key.csv are left out, so a round never re-judges what tuning has looked at (only
rounds of a lower number: redrawing an old round at its commit gives the same sample).

Runs `carelint check --no-config --format json` over the permissively licensed corpora in
../shared/corpus/converted (not twcs_sample unless SOURCES says so), drops conversations of the labelled
dev/test set (the packs were tuned on dev), and draws a seeded random sample of findings
per category. Writes, per judge, `packet-<judge>.md` (each finding with its whole
conversation, the finding's turn marked; nothing about the rules) and `key.csv` (sample id
→ rule, category, transcript, turn). Judges return `verdicts-<judge>.csv` with columns
`id,verdict,note` (verdict: yes, no or debatable); `score.py` computes the table.
"""
import csv
import json
import os
import random
import subprocess
import sys
from collections import defaultdict

PER_CATEGORY = 20
# Findings judged by both judges, for agreement.
OVERLAP_PER_CATEGORY = 3
PERMISSIVE = ["abcd_sample.jsonl", "cucom_ecommerce.jsonl", "sgd.jsonl", "star.jsonl", "taskmaster4.jsonl"]
MAX_TURN_CHARS = 700
# Sources whose text may be measured on but not shipped: their packets stay out of git.
NOT_SHIPPED = {"twcs_sample.jsonl"}


def run_findings(exe, paths):
    """The findings of binary `exe` on `paths` (`carelint check --format json`)."""
    out = subprocess.run([exe, "check", "--no-config", "--format", "json", *paths],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(out.stderr)
    return json.loads(out.stdout)["diagnostics"]


def finding_key(d):
    """What tells two findings apart across binaries."""
    span = d.get("span") or {}
    return (d.get("path"), d.get("transcript"), d.get("turn"), d["rule"], span.get("start"))


def round_number(name):
    """The number of a round folder ("round12" -> 12), or None."""
    digits = name[len("round"):] if name.startswith("round") else ""
    return int(digits) if digits.isdigit() else None


def is_earlier(entry, round_name):
    """Whether folder `entry` is a round drawn before `round_name` (by number; other
    names: any other folder, as before)."""
    a, b = round_number(entry), round_number(round_name)
    if a is None or b is None:
        return entry != round_name
    return a < b


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    round_name, seed = sys.argv[1], int(sys.argv[2])
    corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "..", "shared", "corpus", "converted")
    sources = [s for s in os.environ.get("SOURCES", "").split(",") if s] or PERMISSIVE
    out_dir = os.path.join(here, round_name)
    os.makedirs(out_dir, exist_ok=True)
    # Packets of a source that may not be shipped go under target/, which git ignores.
    private = any(s in NOT_SHIPPED for s in sources)
    packet_dir = os.path.join(root, "target", "blind", round_name) if private else out_dir
    os.makedirs(packet_dir, exist_ok=True)
    paths = [os.path.join(corpus, s) for s in sources]
    exe = os.path.join(root, "target", "release", "carelint")
    findings = run_findings(exe, paths)
    # REMOVED_BY=BINARY draws from what a change would take away: the findings of this
    # binary that BINARY (the build with the change) no longer makes, so judges can say
    # blind whether the removed findings were wrong before the change lands.
    variant = os.environ.get("REMOVED_BY")
    if variant:
        kept = {finding_key(d) for d in run_findings(variant, paths)}
        findings = [d for d in findings if finding_key(d) not in kept]
    labelled = set()
    for split in ("dev", "test"):
        with open(os.path.join(root, "eval", split, "conversations.jsonl"), encoding="utf-8") as f:
            labelled |= {json.loads(l)["id"] for l in f if l.strip()}
    for entry in sorted(os.listdir(here)):
        earlier = os.path.join(here, entry, "key.csv")
        # Only rounds drawn before this one: redrawing a round later gives the same sample.
        if is_earlier(entry, round_name) and os.path.isfile(earlier):
            with open(earlier, newline="", encoding="utf-8") as f:
                labelled |= {r["transcript"] for r in csv.DictReader(f)}
    only = set(filter(None, os.environ.get("ONLY", "").split(",")))
    by_cat = defaultdict(list)
    for d in findings:
        if only and d["category"] not in only:
            continue
        if d["transcript"] not in labelled:
            by_cat[d["category"]].append(d)
    rng = random.Random(seed)
    picked = []
    for cat in sorted(by_cat):
        rows = sorted(by_cat[cat], key=lambda d: (d["path"], d["line"], d["column"], d["rule"]))
        picked += [(cat, d) for d in rng.sample(rows, min(PER_CATEGORY, len(rows)))]
    need = {d["transcript"] for _, d in picked}
    conv = {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    c = json.loads(line)
                    if c["id"] in need:
                        conv[c["id"]] = c
    cats = sorted(by_cat)
    # Categories alternate between the two judges; a few findings of each go to both.
    judges = {"a": [], "b": []}
    key = []
    n = 0
    for i, cat in enumerate(cats):
        rows = [d for c, d in picked if c == cat]
        owner, other = ("a", "b") if i % 2 == 0 else ("b", "a")
        for j, d in enumerate(rows):
            n += 1
            sid = f"s{n:03d}"
            judges[owner].append((sid, cat, d))
            both = j < OVERLAP_PER_CATEGORY
            if both:
                judges[other].append((sid, cat, d))
            source = os.path.basename(d["path"])
            match = "" if source in NOT_SHIPPED else d.get("match") or ""
            key.append({"id": sid, "category": cat, "rule": d["rule"], "source": source,
                        "transcript": d["transcript"], "turn": d["turn"], "match": match,
                        "judges": "a+b" if both else owner})
    with open(os.path.join(out_dir, "key.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(key[0]))
        w.writeheader()
        w.writerows(key)
    for judge, rows in judges.items():
        rng.shuffle(rows)
        with open(os.path.join(packet_dir, f"packet-{judge}.md"), "w", encoding="utf-8") as f:
            f.write(f"# Judging packet {judge}: {len(rows)} findings\n\n")
            for sid, cat, d in rows:
                f.write(render(sid, cat, d, conv[d["transcript"]]))
        print(f"{os.path.relpath(os.path.join(packet_dir, f'packet-{judge}.md'), root)}: {len(rows)} findings")
    print(f"key.csv: {len(key)} findings in {len(cats)} categories")


def render(sid, cat, d, c):
    turn = d.get("turn")
    lines = [f"## {sid} · category `{cat}` · conversation {c['id']}\n"]
    whole = cat in ("closing", "personalization") or turn is None
    where = "the whole conversation" if whole else f"turn {turn}"
    lines.append(f"**Finding** ({where}): {d['message']}\n")
    if d.get("match"):
        lines.append(f"**Flagged text**: «{d['match']}»\n")
    lines.append("")
    for i, t in enumerate(c["turns"]):
        text = " ".join(t["text"].split())
        if len(text) > MAX_TURN_CHARS:
            text = text[:MAX_TURN_CHARS] + " […]"
        mark = " ◀◀ FLAGGED TURN" if i == turn and where != "the whole conversation" else ""
        lines.append(f"- [{i}] **{t['speaker']}**: {text}{mark}")
    lines.append("\nverdict: ___\n\n---\n")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
