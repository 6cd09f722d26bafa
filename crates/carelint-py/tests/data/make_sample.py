"""Rewrites corpus-sample.jsonl from the shared corpus (deterministic: every N-th line).

    python3 make_sample.py /work/shared/corpus/converted
"""

import sys
from pathlib import Path

# file, how many conversations; only sources whose licence allows redistribution with
# attribution (see README.md).
PICK = [("abcd_sample.jsonl", 3), ("star.jsonl", 80), ("cucom_ecommerce.jsonl", 60), ("taskmaster4.jsonl", 80)]


def main(corpus: Path) -> None:
    out = []
    for name, count in PICK:
        lines = [l for l in (corpus / name).read_text(encoding="utf-8").split("\n") if l.strip()]
        step = max(1, len(lines) // count)
        out += lines[::step][:count]
    Path(__file__).with_name("corpus-sample.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
