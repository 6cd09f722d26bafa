#!/usr/bin/env python3
"""Renders conversations as plain text for annotators (turns numbered from 0, as in the
labels), so they label without seeing carelint's rules or output.

    python3 eval/annotation/render.py ID_FILE OUT.md eval/dev/conversations.jsonl eval/test/conversations.jsonl
"""
import json
import sys


def main():
    ids = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    rows = {}
    for path in sys.argv[3:]:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            rows[r["id"]] = r
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for cid in ids:
            r = rows[cid]
            out.write(f"## {cid}\n\n")
            for i, t in enumerate(r["turns"]):
                text = " ".join(t["text"].split())
                out.write(f"[{i}] {t['speaker']}: {text}\n")
            out.write("\n")


if __name__ == "__main__":
    main()
