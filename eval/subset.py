#!/usr/bin/env python3
"""Prints the gold labels of one labelling batch (1: first batch, annotators 1-5; 2: second
batch, annotators 6-8; 3: third batch, annotators 9-11), to measure a batch on its own:

    python3 eval/subset.py test 1 > /tmp/gold.jsonl
    carelint eval /tmp/gold.jsonl eval/test/conversations.jsonl --no-config
"""
import json
import os
import sys

BATCHES = {"1": ["1", "2", "3", "4", "5"], "2": ["6", "7", "8"], "3": ["9", "10", "11"]}


def main():
    split, batch = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    assignment = json.load(open(os.path.join(here, "annotation", "assignment.json")))
    ids = {i for a in BATCHES[batch] for i in assignment["primary"].get(a, [])}
    for line in open(os.path.join(here, split, "gold.jsonl"), encoding="utf-8"):
        if json.loads(line)["id"] in ids:
            sys.stdout.write(line)


if __name__ == "__main__":
    main()
