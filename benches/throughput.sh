#!/usr/bin/env bash
# Throughput race: carelint (full default rule set) against ripgrep 15 with every phrase of
# the built-in packs, on the same files, in one run. From a fresh clone:
#
#   benches/throughput.sh                  # generated 20 MB and 200 MB corpora + the shared JSONL corpus
#   SIZES="20 200 1000" benches/throughput.sh   # add the optional 1 GB point (~500,000 files)
#   SIZES=20 CRITERION=0 benches/throughput.sh  # a quick look: 20 MB only, no criterion
#   RUNS=10 benches/throughput.sh          # runs per command (default 5, after 1 warm-up run)
#   CORPUS=path/to/jsonl/folder benches/throughput.sh   # another JSONL corpus
#   HYPERFINE=0 benches/throughput.sh      # time with the shell (and GNU time) instead
#
# What it does:
# - builds carelint and gen-corpus in release;
# - installs ripgrep 15 (`cargo install ripgrep --locked --version '^15'`) and hyperfine
#   into target/bench-tools/ when they are missing there or older (it never uses a system
#   ripgrep: the distributions' ripgrep 13 is markedly slower and would flatter carelint);
#   without hyperfine it falls back to the median of RUNS wall-clock runs;
# - writes the phrase list with `carelint rules --format phrases` (every phrase entry of
#   the built-in packs);
# - generates the corpora with `gen-corpus --seed 42` (plain-text transcripts of 2–8 KB in
#   folders of 1,000; kept in target/bench-corpus/ for the next run);
# - times, on each corpus, `carelint check --jobs 1`, `carelint check --jobs 2` and
#   `rg -c -i -F -f PHRASES -j 2`, page cache warm, and records each one's peak RSS;
# - runs the criterion benches for building the linter and one 2 KB transcript (`--quick`);
# - prints MB/s, the ratios (carelint/ripgrep, jobs 2/jobs 1), the RSS from the smallest to
#   the largest corpus, the machine, its load average and the commit, and writes all of it
#   to target/throughput.md.
#
# Nothing here runs in CI or in `cargo test`. Compare ratios measured in one run: absolute
# numbers move with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
SIZES=${SIZES:-"20 200"}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
JOBS=${JOBS:-2}
CRITERION=${CRITERION:-1}
CORPUS=${CORPUS:-"$root/../shared/corpus/converted"}
tools="$root/target/bench-tools"
work="$root/target/bench-corpus"
out="$root/target/throughput.md"
mkdir -p "$work" "$tools"
command_line="SIZES=\"$SIZES\" RUNS=$RUNS JOBS=$JOBS benches/throughput.sh"
say() { echo "throughput: $*" >&2; }

# install CRATE VERSION_REQ: `cargo install` into target/bench-tools. When the newest
# matching release needs a newer rustc, cargo names the newest one this toolchain can
# build; that one is installed instead (if it still matches VERSION_REQ's major version).
install() {
  local crate=$1 req=$2 log
  log=$(mktemp)
  say "installing $crate $req into target/bench-tools (cargo install --locked)..."
  if nice -n 10 cargo install "$crate" --locked --version "$req" --root "$tools" 2> "$log"; then
    rm -f "$log"; return 0
  fi
  local fallback
  fallback=$(sed -n "s/^\`$crate \([0-9][0-9.]*\)\` supports rustc.*/\1/p" "$log" | head -1)
  if [ -n "$fallback" ] && [ "${fallback%%.*}" = "$(echo "$req" | tr -dc '0-9.' | cut -d. -f1)" ]; then
    say "$crate: the newest release needs a newer rustc; installing $fallback"
    rm -f "$log"
    nice -n 10 cargo install "$crate" --locked --version "=$fallback" --root "$tools" >&2
    return
  fi
  cat "$log" >&2; rm -f "$log"; return 1
}
major() { "$1" --version 2>/dev/null | awk 'NR == 1 { split($2, v, "."); print v[1] + 0; exit }'; }

rg="$tools/bin/rg"
if [ ! -x "$rg" ] || [ "$(major "$rg")" -lt 15 ]; then install ripgrep '^15'; fi
hyperfine="$tools/bin/hyperfine"
if [ "${HYPERFINE:-1}" = 0 ]; then
  hyperfine=/nonexistent
elif [ ! -x "$hyperfine" ]; then
  install hyperfine '^1' || say "hyperfine could not be installed: falling back to the median of $RUNS runs"
fi
[ -x "$hyperfine" ] || hyperfine=""

say "building carelint and gen-corpus (release)..."
nice -n 10 cargo build --release -q -p carelint-cli -p carelint-benches
bin="$root/target/release/carelint"
gen="$root/target/release/gen-corpus"

phrases="$work/phrases.txt"
if ! "$bin" rules --format phrases --no-config > "$phrases" || [ ! -s "$phrases" ]; then
  say "\`carelint rules --format phrases\` gave no phrase list"; exit 2
fi
say "phrase list: $(wc -l < "$phrases") phrases of the built-in packs"

load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# time_commands NAME CMD...: each CMD is one shell-quoted command line. Prints one line per
# command: "median_wall_seconds cpu_seconds peak_rss_bytes".
time_commands() {
  local name=$1; shift
  local json="$work/$name.json"
  if [ -n "$hyperfine" ]; then
    # One hyperfine process per command: hyperfine reads peak RSS with getrusage over all
    # the children it has waited for, so a command would inherit the peak of one before it.
    local cmd k=0
    for cmd in "$@"; do
      k=$((k + 1))
      "$hyperfine" --shell=none --warmup "$WARMUP" --runs "$RUNS" --style none \
        --export-json "$json.$k" "$cmd" > /dev/null
      awk '
        /"median":/ { v = $2; gsub(/,/, "", v); med = v }
        /"user":/ { v = $2; gsub(/,/, "", v); cpu += v }
        /"system":/ { v = $2; gsub(/,/, "", v); cpu += v }
        /"memory_usage_byte":/ { inmem = 1; next }
        inmem && /\]/ { inmem = 0 }
        inmem { v = $1; gsub(/,/, "", v); if (v + 0 > mem) mem = v + 0 }
        END { printf "%s %.3f %d\n", med, cpu, mem }' "$json.$k"
    done
    return
  fi
  # Fallback: the median of RUNS runs, timed by the shell; CPU time and peak RSS from GNU
  # time when it is installed.
  local cmd
  for cmd in "$@"; do
    local times=() cpus=() rss=0 t0 t1 i log
    for i in $(seq "$WARMUP"); do eval "$cmd" > /dev/null 2>&1; done
    for i in $(seq "$RUNS"); do
      log=$(mktemp)
      t0=$(date +%s.%N)
      if [ -x /usr/bin/time ]; then
        eval "/usr/bin/time -f '%U %S %M' -o '$log' $cmd" > /dev/null 2>&1
      else
        eval "$cmd" > /dev/null 2>&1
      fi
      t1=$(date +%s.%N)
      times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')")
      if [ -s "$log" ]; then
        read -r u s m < "$log"
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')")
        if [ "$((m * 1024))" -gt "$rss" ]; then rss=$((m * 1024)); fi
      fi
      rm -f "$log"
    done
    echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${cpus[@]:-0}" | median) $rss"
  done
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : 0) }'; }
q() { printf '%q' "$1"; }
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

rows="$work/rows.md"
ratios="$work/ratios.txt"
: > "$rows"; : > "$ratios"
declare -A rss_by_size

# bench NAME LABEL BYTES TRANSCRIPTS PATH...: the three commands on the same inputs.
bench() {
  local name=$1 label=$2 bytes=$3 n=$4; shift 4
  local inputs="" p
  for p in "$@"; do inputs+=" $(q "$p")"; done
  # Sanity before timing: both tools exit 0 and see every input.
  local summary
  summary=$("$bin" check "$@" --format jsonl --fail-on never --no-config --progress never --jobs "$JOBS" 2>&1 > /dev/null | tail -1)
  say "$label: carelint: $summary; ripgrep searches $("$rg" --files "$@" | grep -c -v '/\.done$') files"
  local cl="$(q "$bin") check$inputs --format jsonl --fail-on never --no-config --progress never"
  local results
  results=$(time_commands "$name" "$cl --jobs 1" "$cl --jobs $JOBS" \
    "$(q "$rg") -c -i -F -f $(q "$phrases") -j $JOBS$inputs")
  local mb
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  local tool jobs secs cpu rss speeds=() i=0
  while read -r secs cpu rss; do
    case $i in
      0) tool="carelint"; jobs=1 ;;
      1) tool="carelint"; jobs=$JOBS ;;
      2) tool="ripgrep \`-c -i -F -f\`"; jobs=$JOBS ;;
    esac
    speeds+=("$(mbs "$bytes" "$secs")")
    printf '| %s | %s | %s | %s | %s | %.3f | %s | %.2f | %s |\n' "$label" "$mb" "$n" "$tool" \
      "$jobs" "$secs" "${speeds[$i]}" "$cpu" "$((rss / 1048576))" >> "$rows"
    if [ "$i" = 1 ]; then rss_by_size[$name]=$((rss / 1048576)); fi
    i=$((i + 1))
  done <<< "$results"
  printf -- '- %s: carelint --jobs %s / ripgrep = **%s×**; carelint --jobs %s / --jobs 1 = %s×\n' \
    "$label" "$JOBS" "$(ratio "${speeds[1]}" "${speeds[2]}")" "$JOBS" \
    "$(ratio "${speeds[1]}" "${speeds[0]}")" >> "$ratios"
}

first="" last=""
for size in $SIZES; do
  dir="$work/gen-${size}mb"
  if [ ! -f "$dir/.done" ]; then
    say "generating ${size} MB of plain-text transcripts (gen-corpus --seed 42)..."
    rm -rf "$dir"
    "$gen" --out "$dir" --size-mb "$size" --seed 42 > /dev/null
    touch "$dir/.done"
  fi
  bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  n=$(find "$dir" -name '*.txt' | wc -l)
  say "timing generated ${size} MB..."
  bench "gen-${size}mb" "generated ${size} MB (txt)" "$bytes" "$n" "$dir"
  if [ -z "$first" ]; then first=$size; fi
  last=$size
done

if compgen -G "$CORPUS/*.jsonl" > /dev/null; then
  files=("$CORPUS"/*.jsonl)
  bytes=$(cat "${files[@]}" | wc -c)
  n=$(cat "${files[@]}" | grep -c .)
  say "timing the JSONL corpus in $CORPUS..."
  bench "jsonl" "shared corpus (JSONL)" "$bytes" "$n" "${files[@]}"
else
  say "no JSONL corpus at $CORPUS (set CORPUS=folder): skipped"
fi

if [ -n "$first" ] && [ "$first" != "$last" ]; then
  a=${rss_by_size[gen-${first}mb]} b=${rss_by_size[gen-${last}mb]}
  printf -- '- peak RSS, carelint --jobs %s: %s MB at %s MB → %s MB at %s MB (%s)\n' "$JOBS" \
    "$a" "$first" "$b" "$last" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.0f%%", (b - a) * 100 / a }')" >> "$ratios"
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

inproc=""
if [ "$CRITERION" = 1 ]; then
  say "criterion (--quick): building the linter, one 2 KB transcript..."
  crit=$(nice -n 10 cargo bench -q -p carelint-benches --bench lint -- --quick 'compile|one transcript' 2> /dev/null)
  estimate() { # the middle of criterion's "time: [low estimate high]"
    printf '%s\n' "$crit" | awk -v id="$1" '
      index($0, id) == 1 { found = 1 }
      found && /time:/ { match($0, /\[[^]]*\]/); split(substr($0, RSTART + 1, RLENGTH - 2), a, " ");
                         print a[3] " " a[4]; exit }'
  }
  inproc="- in process (criterion \`--quick\`, \`cargo bench -p carelint-benches --bench lint -- --quick 'compile|one transcript'\`): building the linter with the built-in packs $(estimate 'compile built-in rules'), with \`quick_start\` $(estimate 'compile built-in rules (quick_start)'); a new linter (\`quick_start\`) and its first 2 KB chat, regexes compiled on first use included, $(estimate 'compile (quick_start) + lint the first 2 KB chat'); linting one typical 2 KB chat $(estimate 'one transcript/lint a typical 2 KB chat')"
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
  echo "command: $command_line"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
  echo "load average (1, 5, 15 min): $load_before before, $load_after after"
  echo "carelint $("$bin" --version | cut -d' ' -f2) ($(wc -l < "$phrases") phrases), $("$rg" --version | head -1), $(if [ -n "$hyperfine" ]; then "$hyperfine" --version; else echo 'no hyperfine'; fi): median of $RUNS runs after $WARMUP warm-up, page cache warm"
  echo
  echo "| corpus | MB | transcripts | tool | jobs | median s | MB/s | CPU s | peak RSS MB |"
  echo "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
  cat "$rows"
  echo
  cat "$ratios"
  if [ -n "$inproc" ]; then echo "$inproc"; fi
} > "$out"
echo
cat "$out"
say "written to target/throughput.md"
