#!/usr/bin/env python3
"""Draws carelint's labelled evaluation set from ../shared/corpus/converted.

Deterministic (fixed seed): re-running it gives the same conversations and the same
dev/test split. Only permissively licensed sources are used (never twcs_sample).

    python3 eval/make_set.py [CORPUS_DIR]

Writes eval/dev/conversations.jsonl and eval/test/conversations.jsonl. Labels live
beside them in gold.jsonl and are written by annotators following docs/annotation.md.
"""
import json
import os
import random
import sys

# One batch per labelling round: (seed, source file -> number of conversations drawn).
# A later batch never draws a conversation an earlier one drew, and alternates its rows
# into dev and test the same way, so adding a batch never moves an example between them.
BATCHES = [
    (
        20261130,
        {
            "cucom_ecommerce.jsonl": 70,
            "star.jsonl": 45,
            "sgd.jsonl": 40,
            "taskmaster4.jsonl": 25,
            "abcd_sample.jsonl": 3,
        },
    ),
    # Second batch (eleventh session): the same mix, with a new seed.
    (
        20261201,
        {
            "cucom_ecommerce.jsonl": 36,
            "star.jsonl": 22,
            "sgd.jsonl": 20,
            "taskmaster4.jsonl": 12,
        },
    ),
    # Third batch (nineteenth session): the same mix, with a new seed.
    (
        20261202,
        {
            "cucom_ecommerce.jsonl": 36,
            "star.jsonl": 22,
            "sgd.jsonl": 20,
            "taskmaster4.jsonl": 12,
        },
    ),
]

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "corpus", "converted")
    split = {"dev": [], "test": []}
    taken = set()
    for seed, quota in BATCHES:
        rng = random.Random(seed)
        for name, n in quota.items():
            with open(os.path.join(corpus, name), encoding="utf-8") as f:
                lines = [l for l in f if l.strip()]
            free = [i for i in range(len(lines)) if (name, i) not in taken]
            picked = rng.sample(free, min(n, len(free)))
            taken.update((name, i) for i in picked)
            rows = [json.loads(lines[i]) for i in picked]
            # Alternate dev/test within each source so both halves mix every source.
            for k, row in enumerate(rows):
                split["dev" if k % 2 == 0 else "test"].append(row)
    for name, rows in split.items():
        os.makedirs(os.path.join(here, name), exist_ok=True)
        rows.sort(key=lambda r: r["id"])
        with open(os.path.join(here, name, "conversations.jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(f"{name}: {len(rows)} conversations")

if __name__ == "__main__":
    main()
