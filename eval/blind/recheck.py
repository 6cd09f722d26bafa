#!/usr/bin/env python3
"""Read findings against every verdict the blind rounds already hold.

    python3 eval/blind/recheck.py CATEGORY FINDINGS.jsonl [BASE.jsonl]

FINDINGS (and BASE) are `carelint check --format jsonl` outputs over the shared corpus.
Every finding of CATEGORY that a stored round judged (by conversation and turn, in
`eval/blind/round*/key.csv` and `verdicts-*.csv`) is looked up; a finding is "right" when
every judge who saw it said yes (debatable counts as wrong, as in `score.py`).

With one file: how many judged findings it still makes and how many of them were right,
split into the rounds that drew a fresh sample and the rounds that drew a change's
removals (`REMOVED_BY` in their README). With BASE: the judged findings BASE makes and
FINDINGS does not (what a change removes), and the other way round.

These verdicts were given on earlier rules and often prompted the change being read, so
the figures say whether a change agrees with past judgement, not how it does on unseen
conversations: a change is tested by a fresh round drawn from its removals
(`REMOVED_BY=… draw.py`), never by this script alone.
"""

import csv
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def judged(category):
    """(transcript, turn) -> list of (round, drawn from removals?, verdict)."""
    out = {}
    for d in sorted(glob.glob(os.path.join(HERE, "round*"))):
        key_path = os.path.join(d, "key.csv")
        if not os.path.exists(key_path):
            continue
        readme = os.path.join(d, "README.md")
        removal = os.path.exists(readme) and "REMOVED_BY" in open(readme).read()
        key = {r["id"]: r for r in csv.DictReader(open(key_path))}
        for judge in "ab":
            path = os.path.join(d, f"verdicts-{judge}.csv")
            if not os.path.exists(path):
                continue
            for row in csv.DictReader(open(path)):
                k = key.get(row["id"])
                if not k or k["category"] != category or not k["turn"]:
                    continue
                out.setdefault((k["transcript"], int(k["turn"])), []).append(
                    (os.path.basename(d), removal, row["verdict"].strip().lower())
                )
    return out


def findings(path, category):
    keys = set()
    for line in open(path):
        f = json.loads(line)
        if f.get("category") == category and f.get("turn") is not None:
            keys.add((f["transcript"], f["turn"]))
    return keys


def tally(keys, verdicts):
    right = wrong = 0
    for k in keys:
        vs = verdicts.get(k)
        if not vs:
            continue
        if all(v[2] == "yes" for v in vs):
            right += 1
        else:
            wrong += 1
    return right, wrong


def line(label, right, wrong):
    n = right + wrong
    share = f"{100 * right / n:.1f}%" if n else "-"
    return f"{label:<34} judged {n:4}  right {right:4}  not right {wrong:4}  ({share})"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    category = sys.argv[1]
    verdicts = judged(category)
    new = findings(sys.argv[2], category)
    print(f"{len(verdicts)} judged {category} findings in the stored rounds")
    if len(sys.argv) == 3:
        for removal, label in ((False, "fresh-sample rounds"), (True, "removal rounds")):
            part = {k: v for k, v in verdicts.items() if any(x[1] for x in v) == removal}
            print(line(f"kept, {label}", *tally(new & part.keys(), part)))
        return
    base = findings(sys.argv[3], category)
    print(f"{len(base - new)} findings removed, {len(new - base)} added")
    print(line("removed", *tally(base - new, verdicts)))
    print(line("added", *tally(new - base, verdicts)))


if __name__ == "__main__":
    main()
