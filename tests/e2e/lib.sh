# Shared by the end-to-end tests: each runs the real vfi binary on throwaway data
# directories (temporary git repositories) and checks stdout, stderr, exit status, the files
# and the commits it leaves. Source it, write `t_name() { ... }` functions, call `run_tests`.
set -u

VFI=${VFI_BIN:?set VFI_BIN to the vfi binary}
SOURCE=${VFI_SOURCE:?set VFI_SOURCE to the source tree}
# What ships beside the repository (the YAML test suite); a test of the skipping points
# VFI_TEST_SHARED_DIR at a folder that is not there.
SHARED=${VFI_TEST_SHARED_DIR:-$SOURCE/../shared}
export LC_ALL=C TZ=UTC NO_COLOR=1 VFI_TODAY=2026-11-23
unset VFI_DATA
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vfi-e2e.XXXXXX")
# Every test runs in its scratch folder, and git looks no higher: a git command whose folder
# came out empty (`git -C ""` after a failed setup) must never reach the source tree's own
# repository (it once committed a work in progress there).
cd "$WORK" || exit 1
export GIT_CEILING_DIRECTORIES=${WORK%/*}
export HOME="$WORK/home"
mkdir -p "$HOME"
export GIT_CONFIG_NOSYSTEM=1
git config --global user.name "Test Coordinator"
git config --global user.email "coordinator@example.org"
git config --global init.defaultBranch main
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
skipped=0
current=""
case_failed=0
case_skipped=0

fail() {
    echo "  FAIL [$current]: $*" >&2
    case_failed=1
    # Also from a subshell (`return $(fail "setup")`), where case_failed is lost.
    : >"$WORK/.case-failed"
}

# skip WHY — the case cannot run on this machine: it is counted as skipped, not passed, and
# WHY is printed. The caller returns after it.
skip() {
    echo "  skipped [$current]: $*"
    case_skipped=1
}

# vfi ARGS... — runs vfi, keeping stdout in $out, stderr in $err and the exit status in $status.
vfi() {
    "$VFI" "$@" >"$WORK/.out" 2>"$WORK/.err"
    status=$?
    out=$(cat "$WORK/.out")
    err=$(cat "$WORK/.err")
}

expect_status() { [ "$status" -eq "$1" ] || fail "exit status $status, expected $1 (stderr: $err)"; }
expect_out() { [ "$out" = "$1" ] || fail "stdout was [$out], expected [$1]"; }
expect_err() { [ "$err" = "$1" ] || fail "stderr was [$err], expected [$1]"; }
expect_out_has() { [[ "$out" == *"$1"* ]] || fail "stdout lacks [$1]: [$out]"; }
expect_out_lacks() { [[ "$out" != *"$1"* ]] || fail "stdout has [$1]: [$out]"; }
expect_err_has() { [[ "$err" == *"$1"* ]] || fail "stderr lacks [$1]: [$err]"; }
expect_out_empty() { [ -z "$out" ] || fail "stdout not empty: [$out]"; }
expect_err_empty() { [ -z "$err" ] || fail "stderr not empty: [$err]"; }

# A fresh data directory made by `vfi init` in a new git repository; prints its path.
new_data() {
    local dir
    dir=$(mktemp -d "$WORK/data.XXXXXX")
    "$VFI" init "$dir" >/dev/null 2>&1 || { echo "vfi init failed in $dir" >&2; return 1; }
    echo "$dir"
}

# A copy of the sample programme in a new git repository with one commit; prints its path.
sample_data() {
    local dir
    dir=$(mktemp -d "$WORK/sample.XXXXXX")
    cp -r "$SOURCE/data/example/." "$dir/"
    rm -rf "$dir/.vfi"  # a developer's own vfi run on the sample leaves one; a clone has none
    git -C "$dir" init -q && git -C "$dir" add -A && git -C "$dir" commit -qm "sample" || return 1
    echo "$dir"
}

# Everything about a directory a command could change: each file's path, mode and content
# hash (outside .git and .vfi), git's HEAD, index and status.
snapshot() {
    local dir=$1
    (
        cd "$dir" || exit 1
        find . -path ./.git -prune -o -path ./.vfi -prune -o -print0 | sort -z |
            xargs -0 stat -c '%n %a %s' 2>/dev/null
        find . -path ./.git -prune -o -path ./.vfi -prune -o -type f -print0 | sort -z | xargs -0 sha1sum 2>/dev/null
        if [ -d .git ]; then
            git rev-parse HEAD 2>/dev/null
            git status --porcelain 2>/dev/null
            git ls-files -s 2>/dev/null | sha1sum
        fi
    )
}

expect_unchanged() { # DIR SNAPSHOT
    local now
    now=$(snapshot "$1")
    [ "$now" = "$2" ] || fail "the data directory changed: $(diff <(echo "$2") <(echo "$now") | head -5)"
}

commit_count() { git -C "$1" rev-list --count HEAD 2>/dev/null || echo 0; }

run_tests() {
    local t
    # VFI_ONLY=NAME runs only the cases whose names start t_NAME (while working on one).
    for t in $(declare -F | awk '{print $3}' | grep "^t_${VFI_ONLY:-}"); do
        current=$t
        case_failed=0
        case_skipped=0
        rm -f "$WORK/.case-failed"
        "$t"
        [ -e "$WORK/.case-failed" ] && case_failed=1
        if [ "$case_failed" -ne 0 ]; then
            failed=$((failed + 1))
        elif [ "$case_skipped" -ne 0 ]; then
            skipped=$((skipped + 1))
        else
            passed=$((passed + 1))
        fi
    done
    echo "$passed passed, $skipped skipped, $failed failed"
    [ "$failed" -eq 0 ]
}
