#!/usr/bin/env bash
# The benchmarks: figures printed side by side with their references. Run by `make bench`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../../build}
vfi="$build/vfi"
# Debian's python3, whose packages (numpy, scipy, yaml) the Makefile installs.
python=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== match suggest: 1,000 waiting leaders x 200 partners with capacity 5 =="
"$python" "$here/generate.py" matching "$work/matching"
"$build/vfi_bench_assignment" "$work/matching" "$work/matrix.bin"
"$python" "$here/scipy_lsa.py" "$work/matrix.bin"
hyperfine --warmup 2 --runs 10 -N "$vfi -C $work/matching match suggest --format csv" 2>/dev/null |
    grep -E "Time|Range" || {
    start=$(date +%s.%N)
    "$vfi" -C "$work/matching" match suggest --format csv >/dev/null
    echo "whole command: $(echo "$(date +%s.%N) - $start" | bc) s"
}
echo "bar: the whole command <= 0.3 s; the solver no slower than scipy"
