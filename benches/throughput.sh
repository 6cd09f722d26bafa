#!/usr/bin/env bash
# Throughput race: carelint (full default rule set) against ripgrep with the same phrase list,
# on generated corpora of 20 MB and 200 MB and on the real corpus in ../shared when present.
#
#   benches/throughput.sh            # all of it
#   SIZES="20" benches/throughput.sh # only the 20 MB corpus
#   RUNS=5 benches/throughput.sh     # median of 5 runs (default 3)
#
# Prints MB/s, transcripts/s and peak RSS for carelint at --jobs 1 and all cores, ripgrep's
# MB/s on the same files, and the ratios the performance targets are stated in. Writes the
# table to target/throughput.md as well. Nothing here runs in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
SIZES=${SIZES:-"20 200"}
RUNS=${RUNS:-3}
CORES=$(nproc)
work="$root/target/bench-corpus"
mkdir -p "$work"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || [ ! -x /usr/bin/time ]; then
  echo "installing ripgrep and GNU time from Debian's packages..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ripgrep time >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq ripgrep time >/dev/null; fi
fi

cargo build --release -q -p carelint-cli -p carelint-benches
bin="$root/target/release/carelint"
gen="$root/target/release/gen-corpus"

phrases="$work/phrases.txt"
"$bin" rules --format phrases --no-config > "$phrases"
echo "phrase list: $(wc -l < "$phrases") phrases of the built-in packs" >&2

# run CMD...: runs the command RUNS times; prints "median_seconds max_rss_kb".
run() {
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" > /dev/null 2> "$log" || true
    local wall r
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    rm -f "$log"
    # wall is [h:]m:ss.xx
    times+=("$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $rss"
}

table="$root/target/throughput.md"
{
  echo "| corpus | MB | transcripts | tool | jobs | seconds | MB/s | transcripts/s | peak RSS MB |"
  echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
} > "$table"

bench() { # name dir bytes transcripts
  local name=$1 dir=$2 bytes=$3 n=$4
  local mb
  mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1e6}')
  local base_speed="" rg_speed=""
  for jobs in 1 "$CORES"; do
    read -r secs rss < <(run "$bin" check "$dir" --format jsonl --fail-on never --no-config --progress never --jobs "$jobs")
    local speed tps
    speed=$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.1f", b/1e6/s}')
    tps=$(awk -v n="$n" -v s="$secs" 'BEGIN {printf "%.0f", n/s}')
    echo "| $name | $mb | $n | carelint | $jobs | $secs | $speed | $tps | $((rss/1024)) |" >> "$table"
    if [ "$jobs" = 1 ]; then base_speed=$speed; else all_speed=$speed; fi
    if [ "$CORES" = 1 ]; then all_speed=$speed; break; fi
  done
  read -r secs rss < <(run rg -c -i -F -f "$phrases" "$dir")
  rg_speed=$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.1f", b/1e6/s}')
  echo "| $name | $mb | $n | ripgrep \`-c -i -F -f\` | $CORES | $secs | $rg_speed | | $((rss/1024)) |" >> "$table"
  printf '%s: carelint/ripgrep = %s ; scaling (%s cores / 1) = %s\n' "$name" \
    "$(awk -v a="$all_speed" -v b="$rg_speed" 'BEGIN {printf "%.2f", a/b}')" "$CORES" \
    "$(awk -v a="$all_speed" -v b="$base_speed" 'BEGIN {printf "%.2f", a/b}')" >> "$table.ratios"
}

rm -f "$table.ratios"
for size in $SIZES; do
  dir="$work/gen-${size}mb"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    "$gen" --out "$dir" --size-mb "$size" --seed 42 >/dev/null
    touch "$dir/.done"
  fi
  bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
  n=$(find "$dir" -name '*.txt' | wc -l)
  bench "generated ${size} MB (txt files)" "$dir" "$bytes" "$n"
done

real="$root/../shared/corpus/converted"
if [ -d "$real" ]; then
  files=$(ls "$real"/*.jsonl)
  bytes=$(cat $files | wc -c)
  n=$(cat $files | grep -c .)
  bench "shared corpus (JSONL)" "$real" "$bytes" "$n"
fi

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "carelint $("$bin" --version | cut -d' ' -f2), $(rg --version | head -1), median of $RUNS runs"
echo
cat "$table"
echo
cat "$table.ratios"
