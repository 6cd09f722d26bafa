#!/usr/bin/env python3
"""Scores the blind precision judging: precision per category with a 95% Wilson interval.

    python3 eval/blind/score.py ROUND

Reads key.csv (from draw.py) and the judges' verdicts-a.csv and verdicts-b.csv. Each
finding's verdict is its primary judge's (the judge its category was given to);
"debatable" counts as not correct. Findings judged by both give the agreement line.
"""
import csv
import math
import os
import sys
from collections import Counter, defaultdict


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    m = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((c - m) / d, (c + m) / d)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["id"].strip(): r["verdict"].strip().lower() for r in csv.DictReader(f)}


def main():
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), sys.argv[1])
    with open(os.path.join(here, "key.csv"), newline="", encoding="utf-8") as f:
        key = list(csv.DictReader(f))
    verdicts = {j: read(os.path.join(here, f"verdicts-{j}.csv")) for j in "ab"}
    by_cat = defaultdict(Counter)
    by_rule = defaultdict(Counter)
    sources = defaultdict(set)
    agree = Counter()
    missing = []
    for row in key:
        owner = row["judges"] if row["judges"] in ("a", "b") else None
        if owner is None:
            # Judged by both: the primary is the judge the category belongs to.
            owners = {r["judges"] for r in key if r["category"] == row["category"] and r["judges"] in ("a", "b")}
            owner = owners.pop() if len(owners) == 1 else "a"
            va, vb = verdicts["a"].get(row["id"]), verdicts["b"].get(row["id"])
            if va and vb:
                agree["same" if va == vb else "differ"] += 1
        v = verdicts[owner].get(row["id"])
        if v not in ("yes", "no", "debatable"):
            missing.append(row["id"])
            continue
        by_cat[row["category"]][v] += 1
        by_rule[row["rule"]][v] += 1
        sources[row["category"]].add(row["source"].split("_")[0].split(".")[0])
    print("| category | judged | correct | debatable | wrong | precision | 95% interval | corpora |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    total = Counter()
    for cat in sorted(by_cat):
        c = by_cat[cat]
        n = sum(c.values())
        total.update(c)
        lo, hi = wilson(c["yes"], n)
        print(f"| {cat} | {n} | {c['yes']} | {c['debatable']} | {c['no']} | {c['yes'] / n:.0%} | "
              f"{lo:.0%}–{hi:.0%} | {', '.join(sorted(sources[cat]))} |")
    n = sum(total.values())
    lo, hi = wilson(total["yes"], n)
    print(f"| **all** | {n} | {total['yes']} | {total['debatable']} | {total['no']} | {total['yes'] / n:.0%} | {lo:.0%}–{hi:.0%} | |")
    print()
    print("| rule | judged | correct | precision |")
    print("| --- | ---: | ---: | ---: |")
    for rule in sorted(by_rule):
        c = by_rule[rule]
        n = sum(c.values())
        print(f"| {rule} | {n} | {c['yes']} | {c['yes'] / n:.0%} |")
    if agree:
        a = agree["same"]
        t = a + agree["differ"]
        print(f"\nJudged by both: {t} findings, same verdict on {a} ({a / t:.0%}).")
    if missing:
        print(f"\nNo verdict for {len(missing)} findings: {' '.join(missing)}")


if __name__ == "__main__":
    main()
