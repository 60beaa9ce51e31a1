#!/usr/bin/env bash
# Benchmarks `lahn check` over 10,000 generated macros (about 7 MB): once as one Zendesk
# export, once as 10,000 small files, each on every core and on one (`--threads 1`).
# Reports the median wall time of several runs, the CPU time and the peak memory (max RSS).
# Usage: scripts/bench-check.sh [RUNS]
# Uses python3 to generate the macros (scripts/bench-data.py) and /usr/bin/time to measure.
set -euo pipefail
RUNS=${1:-7}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# LAHN=path/to/lahn measures a binary already built.
if [ -z "${LAHN:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" -p lahn-cli
  LAHN=$CARGO_TARGET_DIR/release/lahn
fi
LAHN=$(realpath "$LAHN")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 "$ROOT/scripts/bench-data.py" macros "$WORK"
echo "export: $(du -h "$WORK/export.json" | cut -f1), files: $(du -sh "$WORK/files" | cut -f1) in $(ls "$WORK/files" | wc -l) files"

measure() {
  local name=$1; shift
  local times=() cpu=() rss=()
  for _ in $(seq "$RUNS"); do
    local out
    out=$( { /usr/bin/time -f "%e %U %S %M" "$LAHN" check "$@" --isolated -q --format json >/dev/null || true; } 2>&1 | tail -1)
    read -r wall user sys max <<<"$out"
    times+=("$wall"); cpu+=("$(echo "$user + $sys" | bc -l)"); rss+=("$max")
  done
  local med_t med_c med_m
  med_t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  med_c=$(printf '%s\n' "${cpu[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  med_m=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[NR]}')
  printf '%-34s median %6.3f s  CPU %6.3f s  peak RSS %7.1f MB   (runs: %s)\n' "$name" "$med_t" "$med_c" "$(echo "$med_m/1024" | bc -l)" "${times[*]}"
}
cd "$WORK"
measure "one Zendesk export (10k)" export.json
measure "one Zendesk export, --threads 1" export.json --threads 1
measure "10,000 small files" files
measure "10,000 small files, --threads 1" files --threads 1
