#!/usr/bin/env python3
"""Writes crates/carelint/src/rules/gate/common.rs: how often common strings occur in turns.

A regex's gate (crates/carelint/src/rules/gate.rs) is a set of clauses of strings, one of
which every match contains; the regex runs only on turns where every clause was found.
Which clauses to keep depends on how common their strings are: a clause holding "th" or
"you" is found in most turns, filters little and costs an automaton match in each. This
script measures, over turns of the permissively licensed corpora in ../shared/corpus
(never the Twitter sample), the share of turns that contain each string of one to three
characters, each word and each pair of words, after folding as the matcher folds (lower
case, curly apostrophes straight, whitespace runs one space), and keeps those found in at
least 2% of turns. Only the strings and their frequencies are stored, no text.

    python3 scripts/gate-frequencies.py [CORPUS_DIR]
"""
import collections
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus", "converted")
FILES = ["abcd_sample", "cucom_ecommerce", "sgd", "star", "taskmaster4"]
SAMPLE = 200_000
MIN_SHARE = 0.02
OUT = os.path.join(ROOT, "crates", "carelint", "src", "rules", "gate", "common.rs")


def fold(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def main():
    turns = []
    for name in FILES:
        with open(os.path.join(CORPUS, name + ".jsonl"), encoding="utf-8") as f:
            for line in f:
                for turn in json.loads(line).get("turns", []):
                    turns.append(fold(turn.get("text") or ""))
    random.Random(1).shuffle(turns)
    turns = turns[:SAMPLE]
    words = re.compile(r"[a-z0-9']+")
    seen = collections.Counter()
    for text in turns:
        strings = set()
        for k in (1, 2, 3):
            strings.update(text[i : i + k] for i in range(len(text) - k + 1))
        strings.update(words.findall(text))
        pieces = text.split(" ")
        strings.update(a + " " + b for a, b in zip(pieces, pieces[1:]))
        seen.update(strings)
    n = len(turns)
    common = sorted(
        (s, round(1000 * c / n))
        for s, c in seen.items()
        if c / n >= MIN_SHARE and s and s == s.strip() and s.isprintable()
    )
    with open(OUT, "w", encoding="utf-8") as out:
        out.write(
            "//! How often common strings occur in conversation turns: per mille of turns that\n"
            f"//! contain the string (folded), measured on {n:,} turns of the permissive corpora of\n"
            "//! `../shared/corpus`. Strings in fewer than 2% of turns are not listed. Generated:\n"
            "//! `python3 scripts/gate-frequencies.py`; do not edit.\n\n"
            "/// (string, per mille of turns holding it), sorted by string.\n"
            "pub(super) static COMMON: &[(&str, u16)] = &[\n"
        )
        for s, pm in common:
            out.write(f"    ({json.dumps(s, ensure_ascii=False)}, {pm}),\n")
        out.write("];\n")
    print(f"{len(common)} strings from {n} turns -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
