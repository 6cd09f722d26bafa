#!/usr/bin/env python3
"""Blind verdicts on the clarity sentence rules, by sentence length.

    python3 eval/blind/clarity_bands.py [--through N]

Reads every round's key.csv and verdicts-*.csv in eval/blind/ (with --through N, rounds 1
to N only) and counts the judges' verdicts (one per judge and finding) on
clarity-long-sentence and clarity-hard-to-read by the flagged sentence's length. Words are
split on spaces, which counts a dash or a link as a word where carelint's prose reading
does not, so a sentence near a band's edge may fall in the next band. docs/rules.md uses
the table of rounds 1-17 (`--through 17`) to place the word bar.
"""
import csv
import os
import sys
from collections import Counter, defaultdict

RULES = ("clarity-long-sentence", "clarity-hard-to-read")
BANDS = [(0, 34, "34 or fewer"), (35, 37, "35-37"), (38, 40, "38-40"), (41, 10_000, "41 or more")]


def band(n):
    return next(label for lo, hi, label in BANDS if lo <= n <= hi)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    through = None
    if len(sys.argv) == 3 and sys.argv[1] == "--through":
        through = int(sys.argv[2])
    elif len(sys.argv) != 1:
        sys.exit("usage: clarity_bands.py [--through N]")
    table = defaultdict(Counter)
    for entry in sorted(os.listdir(here)):
        key_path = os.path.join(here, entry, "key.csv")
        if not os.path.isfile(key_path):
            continue
        number = entry[len("round"):]
        if through is not None and (not number.isdigit() or int(number) > through):
            continue
        with open(key_path, newline="", encoding="utf-8") as f:
            key = {r["id"]: r for r in csv.DictReader(f)}
        for judge in "ab":
            path = os.path.join(here, entry, f"verdicts-{judge}.csv")
            if not os.path.isfile(path):
                continue
            with open(path, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    k = key.get(row["id"])
                    if not k or k["rule"] not in RULES:
                        continue
                    verdict = row["verdict"].strip().lower()
                    table[(k["rule"], band(len(k["match"].split())))][verdict] += 1
    print("| rule | words | yes | debatable | no | yes share |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for rule in RULES:
        for _, _, label in BANDS:
            c = table[(rule, label)]
            total = sum(c.values())
            share = f"{100 * c['yes'] / total:.0f}%" if total else "-"
            print(f"| {rule} | {label} | {c['yes']} | {c['debatable']} | {c['no']} | {share} |")


if __name__ == "__main__":
    main()
