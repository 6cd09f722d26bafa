#!/usr/bin/env bash
# `carelint report` against `carelint check` on the same input (the target: the report
# within 1.2x of check's time), with peak memory and the size of each output.
#
#   benches/report.sh                       # the shared corpus three times over (~100k conversations)
#   COPIES=1 benches/report.sh              # the shared corpus once
#   CORPUS=path/to/jsonl/folder benches/report.sh
#   RUNS=5 benches/report.sh                # median of 5 runs of each (default 3)
#
# The runs alternate (check, report, check, ...) so that a change in the machine's load
# hits both. Prints wall and CPU (user + system) seconds per run, the medians, the ratios
# and the output sizes. CPU time is the steadier figure on a shared machine. Nothing here
# runs in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
RUNS=${RUNS:-3}
COPIES=${COPIES:-3}
CORPUS=${CORPUS:-"$root/../shared/corpus/converted"}
work="$root/target/bench-report"
mkdir -p "$work"

if [ ! -d "$CORPUS" ]; then
  echo "no corpus at $CORPUS (set CORPUS=folder of .jsonl files)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time from Debian's packages..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null; fi
fi

# COPIES copies of every JSON Lines file, ids suffixed -r0, -r1, ... so none repeats.
input="$work/corpus-x$COPIES"
if [ ! -d "$input" ]; then
  mkdir -p "$input.tmp"
  python3 - "$CORPUS" "$input.tmp" "$COPIES" <<'PY'
import glob, json, os, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
for r in range(copies):
    for f in sorted(glob.glob(os.path.join(src, '*.jsonl'))):
        with open(os.path.join(dst, f'r{r}-' + os.path.basename(f)), 'w') as out:
            for line in open(f):
                d = json.loads(line)
                d['id'] = f"{d.get('id', '')}-r{r}"
                out.write(json.dumps(d, ensure_ascii=False, separators=(',', ':')) + '\n')
PY
  mv "$input.tmp" "$input"
fi

cargo build --release -q -p carelint-cli
bin="$root/target/release/carelint"
out="$work/out"
mkdir -p "$out"

# One run: prints "wall cpu rss_kb" (the last line of time's output: check exits 1 on
# findings, and time then writes a line about it first).
run() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
  tail -1 "$work/time" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: >"$work/check.txt"
: >"$work/report.txt"
for i in $(seq "$RUNS"); do
  c=$(run "$bin" check "$input" --no-config --format jsonl --progress never)
  r=$(run "$bin" report "$input" --no-config --progress never \
    --html "$out/report.html" --csv "$out/scores.csv" --agents-csv "$out/agents.csv" \
    --teams-csv "$out/teams.csv" --json "$out/scores.json")
  echo "$c" >>"$work/check.txt"
  echo "$r" >>"$work/report.txt"
  echo "run $i: check $c | report $r   (wall s, cpu s, peak KB)"
done

cw=$(cut -d' ' -f1 "$work/check.txt" | median)
cc=$(cut -d' ' -f2 "$work/check.txt" | median)
rw=$(cut -d' ' -f1 "$work/report.txt" | median)
rc=$(cut -d' ' -f2 "$work/report.txt" | median)
echo
echo "input: $input ($(du -sh "$input" | cut -f1); $(cat "$input"/*.jsonl | wc -l) conversations), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median wall: check $cw s, report $rw s: $(awk -v a="$rw" -v b="$cw" 'BEGIN { printf "%.2fx", a / b }')"
echo "median CPU:  check $cc s, report $rc s: $(awk -v a="$rc" -v b="$cc" 'BEGIN { printf "%.2fx", a / b }')"
echo "peak RSS: check $(cut -d' ' -f3 "$work/check.txt" | sort -n | tail -1) KB, report $(cut -d' ' -f3 "$work/report.txt" | sort -n | tail -1) KB"
echo "outputs:"
ls -l "$out" | awk 'NR > 1 { printf "  %-12s %10d bytes\n", $9, $5 }'
