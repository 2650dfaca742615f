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
# PARTS="national cold" (say) runs only those parts; all of them by default.
part() { [[ " ${PARTS:-match national cold history regions} " == *" $1 "* ]]; }

mean_of() { "$python" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$1"; }
# A report that needs attention exits 1 and is timed all the same (-i).
measure() { # COMMAND...: the mean wall time of warm runs, in seconds
    hyperfine -N -i --warmup 1 --runs "${RUNS:-5}" --export-json "$work/h.json" "$*" >/dev/null 2>&1 &&
        mean_of "$work/h.json"
}
peak_mb() { # COMMAND...: peak resident memory, in MB
    /usr/bin/time -f %M "$@" >/dev/null 2>"$work/t" || true
    echo $(($(tail -1 "$work/t") / 1024))
}
ratio() { "$python" -c "import sys; print('%.1f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
# COMMAND...: the instructions it runs in user space, in millions, whatever its exit status
# (valgrind's callgrind counts them, one thread at a time). A count, not a time: the same on any
# machine, so how it grows with the data is the code's own growth, apart from page faults,
# caches and the kernel.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected/ {printf "%.0f\n", $4 / 1e6}'
}

export VFI_TODAY=2026-11-23

# ---- Matching: the assignment solver against scipy's. ----
if part match; then
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
fi

# ---- The national set: vfi against the read floor and the Python reference, in one run. ----
# SCALES="0.1 1 10" make bench also shows how each figure grows; INSTRUCTIONS=1 also counts the
# instructions each command runs in git (valgrind), whose growth no machine's noise moves.
if part national; then
    commands=("report summary" "check" "partner list" "report payments" "report activity" "report learning"
        "session due" "report payments --from 2025-04-06 --to 2026-04-05 --check-limits" "expense list --waiting"
        "report equality")
    for scale in ${SCALES:-1}; do
        plain="$work/national-$scale"
        echo
        echo "== national set, scale $scale: out of git, and in git as real data lives =="
        "$python" "$here/generate.py" national "$plain" --scale "$scale"
        # The same files in a repository, committed over a few hundred commits (a few dozen past
        # scale 1: each commit writes its folders' trees whole, and a warm command reads only the
        # index and HEAD, never the history).
        ingit="$work/national-$scale-git"
        cp -r "$plain" "$ingit"
        commits=$("$python" -c 'import sys; print(300 if float(sys.argv[1]) <= 1 else 30)' "$scale")
        "$python" "$here/commit.py" "$ingit" --commits "$commits"
        "$build/vfi_bench_read_floor" "$plain"
        # vfi caches only files that have not changed for two seconds (see docs/format.md), as
        # any data directory is between edits; the first check then fills the cache.
        sleep 3
        for dir in "$plain" "$ingit"; do
            "$vfi" -C "$dir" check >/dev/null || echo "(vfi check found problems in $dir)"
        done
        stat_floor=$(measure "$build/vfi_bench_stat_floor" "$plain")
        floor=$(measure "$build/vfi_bench_read_floor" "$plain")
        py=$(measure "$python" "$here/reference_summary.py" "$plain")
        py_mb=$(peak_mb "$python" "$here/reference_summary.py" "$plain")
        # vs stat: against the stat floor timed here; in git also against the one timed just
        # before the command (stat near, vs near), which shares its phase of the machine.
        printf '%-34s %6s %8s %8s %10s %10s %10s %10s %8s\n' "what" "where" "seconds" "peak MB" "vs Python" "vs read" "vs stat" "stat near" "vs near"
        printf '%-34s %6s %8s %8s %10s %10s %10s %10s %8s\n' "stat floor (C)" "-" "$stat_floor" "-" "-" "-" "1.0" "-" "-"
        printf '%-34s %6s %8s %8s %10s %10s %10s %10s %8s\n' "read floor (C)" "-" "$floor" "-" "-" "1.0" "$(ratio "$floor" "$stat_floor")" "-" "-"
        printf '%-34s %6s %8s %8s %10s %10s %10s %10s %8s\n' "Python reference (PyYAML C)" "-" "$py" "$py_mb" "1.0" "$(ratio "$py" "$floor")" "$(ratio "$py" "$stat_floor")" "-" "-"
        someone=$(cd "$plain/partners" && ls | sed -n 1p)  # (head would end ls with SIGPIPE)
        for cmd in "${commands[@]}" "report statement ${someone%.yaml} --tax-year 2025-26"; do
            for dir in "$plain" "$ingit"; do
                where=plain near=- vs_near=-
                [ "$dir" = "$ingit" ] && where=git
                # In git, the stat floor is timed again just before: the two share the machine's
                # phase, so how the command grows over the floor's growth is the code's own.
                [ "$dir" = "$ingit" ] && near=$(measure "$build/vfi_bench_stat_floor" "$plain")
                # shellcheck disable=SC2086
                t=$(measure "$vfi" -C "$dir" $cmd)
                [ "$dir" = "$ingit" ] && echo "$t|$near" >>"$work/seconds-$scale"
                # shellcheck disable=SC2086
                mb=$(peak_mb "$vfi" -C "$dir" $cmd)
                [ "$dir" = "$ingit" ] && vs_near=$(ratio "$t" "$near")
                printf '%-34s %6s %8s %8s %9sx %10s %10s %10s %8s\n' "vfi $cmd" "$where" "$t" "$mb" "$(ratio "$py" "$t")" \
                    "$(ratio "$t" "$floor")" "$(ratio "$t" "$stat_floor")" "$near" "$vs_near"
            done
        done
    done
    if [ "$(echo ${SCALES:-1} | wc -w)" -gt 1 ]; then
        echo
        echo "== seconds in git, and how they grow, each against the stat floor timed just before it =="
        echo "(grew: the command's seconds; floor: that floor's; net: grew / floor, the code's own growth;"
        echo " the floors timed, in the same order, below)"
        names=("${commands[@]}" "report statement")
        for ((i = 0; i < ${#names[@]}; i++)); do
            row="vfi ${names[$i]}"
            for scale in ${SCALES:-1}; do row+="|$(sed -n "$((i + 1))p" "$work/seconds-$scale")"; done
            echo "$row"
        done | "$python" -c '
import sys
scales = sys.argv[1].split()
steps = ["%s/%s" % (b, a) for a, b in zip(scales, scales[1:])]
rows = [line.rstrip("\n").split("|") for line in sys.stdin]
wide = max(len(r[0]) for r in rows) + 1
print("what".ljust(wide) + "".join("%9s" % s for s in scales) +
      "".join("%13s%7s%7s" % ("grew " + s, "floor", "net") for s in steps))
floors = []
for name, *cells in rows:
    t = [float(x) for x in cells[0::2]]
    f = [float(x) for x in cells[1::2]]
    floors.append((name, f))
    out = name.ljust(wide) + "".join("%9.4f" % x for x in t)
    for i in range(len(t) - 1):
        grew, floor = t[i + 1] / t[i], f[i + 1] / f[i]
        out += "%13.1f%7.1f%7.2f" % (grew, floor, grew / floor)
    print(out)
print()
print("stat floor timed just before".ljust(wide) + "".join("%9s" % s for s in scales))
for name, f in floors:
    print(("  " + name).ljust(wide) + "".join("%9.4f" % x for x in f))' "${SCALES:-1}"
    fi
    if [ -n "${INSTRUCTIONS:-}" ]; then
        # Counted once every time is taken: valgrind's memory, let go, may leave the next command
        # fresh pages to fault in (counted between timings, one run's statement took 0.30 s,
        # not 0.21).
        for scale in ${SCALES:-1}; do
            someone=$(cd "$work/national-$scale/partners" && ls | sed -n 1p)
            for cmd in "${commands[@]}" "report statement ${someone%.yaml} --tax-year 2025-26"; do
                # shellcheck disable=SC2086
                echo "$(instructions "$vfi" -C "$work/national-$scale-git" $cmd)" >>"$work/instructions-$scale"
            done
        done
        echo
        echo "== instructions run in user space, in git (millions; callgrind), and how they grow =="
        # One column a scale, a command a row, in the order they ran (the statement's partner
        # differs from scale to scale, so it is named once).
        names=("${commands[@]}" "report statement")
        header="what"
        for scale in ${SCALES:-1}; do header+="|$scale"; done
        for ((i = 0; i < ${#names[@]}; i++)); do
            row="vfi ${names[$i]}"
            for scale in ${SCALES:-1}; do row+="|$(sed -n "$((i + 1))p" "$work/instructions-$scale")"; done
            echo "$row"
        done | "$python" -c '
import sys
header = sys.argv[1].split("|")
scales = header[1:]
growth = ["%s/%s" % (b, a) for a, b in zip(scales, scales[1:])]
rows = [line.rstrip("\n").split("|") for line in sys.stdin]
wide = max(len(r[0]) for r in rows) + 1
print(header[0].ljust(wide) + "".join("%10s" % s for s in scales + growth))
for name, *counts in rows:
    grown = ["%.1f" % (float(b) / float(a)) for a, b in zip(counts, counts[1:])]
    print(name.ljust(wide) + "".join("%10s" % c for c in counts + grown))' "$header"
    fi
    echo
    echo "bars (scale 1, in git): every report and check >= 20x Python and within 2x the stat floor;"
    echo "partner list and session due <= 2x the stat floor of what they read; peak memory <= 60 MB"
fi

# ---- Cold: check on a fresh clone, which has no cache, then the run after it. ----
# BASELINE=COMMIT (887b4ce: the product when issue 21 was filed) or a vfi binary also times
# that vfi the same way, for the bar "cold within 1.5x of the baseline's cold".
if part cold; then
    echo
    echo "== cold: check on a fresh clone of the national set (scale 1, in git), with no cache =="
    src="$work/national-1-git"
    if [ ! -d "$src" ]; then
        "$python" "$here/generate.py" national "$src" --scale 1 >/dev/null
        "$python" "$here/commit.py" "$src" --commits 300
    fi
    baseline_vfi() { # the vfi to compare with: BASELINE itself, or built from the commit it names
        if [ -x "$BASELINE" ]; then echo "$BASELINE"; return; fi
        local tree="$work/baseline"
        mkdir -p "$tree"
        git -C "$here" archive "$BASELINE" | tar -x -C "$tree"
        cmake -S "$tree" -B "$tree/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
            cmake --build "$tree/build" --target vfi -j "${JOBS:-2}" >/dev/null && echo "$tree/build/vfi"
    }
    cold_check() { # VFI NAME LABEL: its check on a fresh clone, timed cold, after a cold run, warm
        local bin=$1 clone="$work/cold-$2" cold second warm
        git clone -q "$src" "$clone"
        sleep 3 # vfi caches only files that have been still for two seconds; a checkout's are new
        local forget="rm -rf $clone/.vfi/cache"
        cold=$(hyperfine -N -i --runs "${RUNS:-5}" --prepare "$forget" --export-json "$work/h.json" \
            "$bin -C $clone check" >/dev/null 2>&1 && mean_of "$work/h.json")
        second=$(hyperfine -N -i --runs "${RUNS:-5}" --prepare "sh -c '$forget && $bin -C $clone check >/dev/null; true'" \
            --export-json "$work/h.json" "$bin -C $clone check" >/dev/null 2>&1 && mean_of "$work/h.json")
        warm=$(measure "$bin" -C "$clone" check)
        printf '%-44s %8s %8s %8s %12s\n' "$3: vfi check" "$cold" "$second" "$warm" "$(ratio "$second" "$warm")"
        echo "$cold" >"$work/cold-$2.seconds"
    }
    printf '%-44s %8s %8s %8s %12s\n' "what" "cold" "second" "warm" "second/warm"
    cold_check "$vfi" this "this build"
    if [ -n "${BASELINE:-}" ]; then
        base=$(baseline_vfi)
        cold_check "$base" baseline "baseline $BASELINE"
        echo "cold, this build against the baseline: $(ratio "$(cat "$work/cold-this.seconds")" \
            "$(cat "$work/cold-baseline.seconds")")x"
    else
        echo "(BASELINE=887b4ce make bench also times the product as issue 21 found it)"
    fi
    echo "bars: cold within 1.5x of the baseline's cold; the second run as fast as a warm one"
fi

# ---- History: a report as the records were 1,000 commits back (--as-of), read from git. ----
if part history; then
    echo
    echo "== history: the national set with 1,000 commits, report summary --as-of HEAD~1000 =="
    dir="$work/history"
    "$python" "$here/generate.py" national "$dir" --scale 1 >/dev/null
    "$python" "$here/history.py" "$dir" --commits 1000
    sleep 3
    "$vfi" -C "$dir" check || echo "(vfi check found problems in the generated set)"
    old=$(git -C "$dir" rev-parse --short HEAD~1000)
    # hyperfine -N runs --prepare without a shell too: the glob needs one of its own.
    objects="sh -c 'rm -f $dir/.vfi/cache/$(id -u)/objects.*'"
    now=$(measure "$vfi" -C "$dir" report summary)
    first=$(hyperfine -N -i --runs "${RUNS:-5}" --prepare "$objects" --export-json "$work/h.json" \
        "$vfi -C $dir report summary --as-of $old" >/dev/null 2>&1 && mean_of "$work/h.json")
    second=$(measure "$vfi" -C "$dir" report summary --as-of "$old")
    compare=$(measure "$vfi" -C "$dir" report summary --compare-to "$old")
    session=$(git -C "$dir" log -1 --format= --name-only | sed 's|sessions/||; s|\.yaml||')
    log=$(measure "$vfi" -C "$dir" log "$session")
    since=$(measure "$vfi" -C "$dir" log --since 2026-02-01)
    mb=$(peak_mb "$vfi" -C "$dir" report summary --as-of "$old")
    printf '%-44s %8s %10s\n' "what" "seconds" "vs now"
    printf '%-44s %8s %10s\n' "report summary (working tree, warm)" "$now" "1.0"
    printf '%-44s %8s %10s\n' "--as-of HEAD~1000, first run" "$first" "$(ratio "$first" "$now")"
    printf '%-44s %8s %10s\n' "--as-of HEAD~1000, again (cached by blob)" "$second" "$(ratio "$second" "$now")"
    printf '%-44s %8s %10s\n' "--compare-to HEAD~1000" "$compare" "$(ratio "$compare" "$now")"
    printf '%-44s %8s %10s\n' "vfi log (one session)" "$log" "-"
    printf '%-44s %8s %10s\n' "vfi log --since (1,000 commits)" "$since" "-"
    echo "peak memory, --as-of: $mb MB"
    echo "bars: --as-of first run <= 2x the working tree's, again <= 1.2x"
fi

# ---- National: one report over 1, 3 and 9 regions, each region the national set in git. ----
if part regions; then
    echo
    echo "== national: report summary over 1, 3 and 9 regions, each the national set (fetched, warm) =="
    region="$work/region"
    "$python" "$here/generate.py" national "$region" --scale 1 >/dev/null
    # No automatic gc: one left packing in the background races the clones below (a clone then
    # finds an object gone and fails).
    git -C "$region" init -q -b main && git -C "$region" config gc.auto 0 && git -C "$region" add -A &&
        git -C "$region" -c user.name=Bench -c user.email=bench@example.org commit -qm records
    one=$(measure "$vfi" -C "$region" report summary)
    one_mb=$(peak_mb "$vfi" -C "$region" report summary)
    printf '%-44s %8s %8s %10s %10s\n' "what" "seconds" "MB" "vs one" "MB vs one"
    printf '%-44s %8s %8s %10s %10s\n' "one region's own report summary" "$one" "$one_mb" "1.0" "1.0"
    # Nine repositories, each the national set with a commit of its own on top (one repository
    # listed twice would be refused).
    for i in $(seq 1 9); do
        git clone -q --bare "$region" "$work/region-$i.git"
        tree=$(git -C "$work/region-$i.git" rev-parse 'HEAD^{tree}')
        top=$(git -C "$work/region-$i.git" -c user.name=Bench -c user.email=bench@example.org \
            commit-tree "$tree" -p HEAD -m "region $i")
        git -C "$work/region-$i.git" update-ref HEAD "$top"
    done
    for n in 1 3 9; do
        nat="$work/national-of-$n"
        "$vfi" init -q "$nat"
        { echo "regions:"; for i in $(seq 1 "$n"); do printf '  - name: region-%s\n    git: %s\n' "$i" "$work/region-$i.git"; done; } >>"$nat/vfi.yaml"
        "$vfi" -C "$nat" fetch -q
        "$vfi" -C "$nat" report summary >/dev/null 2>&1 || true # fills each region's cache
        t=$(measure "$vfi" -C "$nat" report summary)
        mb=$(peak_mb "$vfi" -C "$nat" report summary)
        printf '%-44s %8s %8s %10s %10s\n' "report summary, national of $n" "$t" "$mb" "$(ratio "$t" "$one")" "$(ratio "$mb" "$one_mb")"
    done
    echo "bars: 9 regions within 10x one region's time, and within 2x its memory"
fi
