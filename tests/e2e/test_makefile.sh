#!/usr/bin/env bash
# The Makefile's promise about packages: `make` (all, build) never installs anything, and
# never runs sudo; it names what is missing and `make deps`, and fails. `make deps`,
# `make demo` and `make test` install what is missing, with sudo unless run as root.
# Run against fakes on PATH (dpkg-query, id, sudo, apt-get, cmake, ctest) in a copy of the
# Makefile, so no root, no network and no build are needed, and the tree is not touched.
source "$(dirname "$0")/lib.sh"

FAKES="$WORK/fakes"
CALLS="$WORK/calls"

make_fakes() {
    mkdir -p "$FAKES"
    # Installed unless named in FAKE_MISSING.
    cat >"$FAKES/dpkg-query" <<'SH'
#!/bin/sh
for pkg; do :; done
case " $FAKE_MISSING " in *" $pkg "*) exit 1 ;; esac
printf 'install ok installed'
SH
    cat >"$FAKES/id" <<'SH'
#!/bin/sh
[ "$1" = -u ] && { echo "${FAKE_UID:-1000}"; exit 0; }
exec /usr/bin/id "$@"
SH
    cat >"$FAKES/sudo" <<'SH'
#!/bin/sh
echo "sudo $*" >>"$CALLS"
exec "$@"
SH
    for tool in apt-get ctest; do
        printf '#!/bin/sh\necho "%s $*" >>"$CALLS"\n' "$tool" >"$FAKES/$tool"
    done
    # cmake --build leaves a vfi that only says what it was asked, for `make demo`.
    cat >"$FAKES/cmake" <<'SH'
#!/bin/sh
echo "cmake $*" >>"$CALLS"
if [ "$1" = --build ]; then
    mkdir -p "$2" && printf '#!/bin/sh\necho "vfi $*"\n' >"$2/vfi" && chmod +x "$2/vfi"
fi
SH
    chmod +x "$FAKES"/*
}

# run_make [VAR=VALUE...] TARGET... — in a copy of the Makefile and the sample, with the fakes
# first on PATH; stdout, stderr, status and the calls the fakes saw are kept.
run_make() {
    local tree
    tree=$(mktemp -d "$WORK/tree.XXXXXX")
    cp "$SOURCE/Makefile" "$tree/" && cp -r "$SOURCE/data" "$tree/"
    : >"$CALLS"
    PATH="$FAKES:$PATH" CALLS="$CALLS" make --no-print-directory -C "$tree" "$@" \
        >"$WORK/.out" 2>"$WORK/.err"
    status=$?
    out=$(cat "$WORK/.out")
    err=$(cat "$WORK/.err")
    calls=$(cat "$CALLS")
}

expect_calls_has() { [[ "$calls" == *"$1"* ]] || fail "no call [$1] in: [$calls]"; }
expect_calls_lack() { [[ "$calls" != *"$1"* ]] || fail "a call [$1] in: [$calls]"; }

t_make_names_what_is_missing_and_installs_nothing() {
    command -v make >/dev/null || { skip "make is not installed"; return; }
    make_fakes
    for target in "" all build; do
        # shellcheck disable=SC2086
        FAKE_MISSING="libfmt-dev doctest-dev zsh" run_make $target
        [ "$status" -ne 0 ] || fail "make $target succeeded with packages missing"
        expect_err_has "make: Debian packages vfi needs are not installed: libfmt-dev doctest-dev — install them with \`make deps\` (sudo apt-get install), then run make again"
        [ -z "$calls" ] || fail "make $target ran: $calls"
    done
    # As root, the command it names has no sudo.
    FAKE_UID=0 FAKE_MISSING="cmake" run_make
    expect_err_has "not installed: cmake — install them with \`make deps\` (apt-get install),"
    [ -z "$calls" ] || fail "make as root ran: $calls"
}

t_make_builds_when_nothing_is_missing() {
    command -v make >/dev/null || { skip "make is not installed"; return; }
    make_fakes
    FAKE_MISSING="zsh chromium" run_make
    expect_status 0
    expect_err_empty
    expect_calls_has "cmake -S . -B build"
    expect_calls_has "cmake --build build -j 2"
    expect_calls_lack "apt-get"
    expect_calls_lack "sudo"
}

t_make_deps_installs_only_what_is_missing() {
    command -v make >/dev/null || { skip "make is not installed"; return; }
    make_fakes
    FAKE_MISSING="libfmt-dev doctest-dev" run_make deps
    expect_status 0
    expect_out "Installing: libfmt-dev doctest-dev"
    expect_calls_has "sudo apt-get update -qq"
    expect_calls_has "sudo apt-get install -y -qq --no-install-recommends libfmt-dev doctest-dev"
    expect_calls_lack "cmake"
    FAKE_UID=0 FAKE_MISSING="libfmt-dev" run_make deps
    expect_status 0
    expect_calls_has "apt-get install -y -qq --no-install-recommends libfmt-dev"
    expect_calls_lack "sudo"
    FAKE_MISSING="" run_make deps
    expect_status 0
    [ -z "$calls" ] || fail "make deps with nothing missing ran: $calls"
}

t_make_demo_and_make_test_still_install() {
    command -v make >/dev/null || { skip "make is not installed"; return; }
    make_fakes
    FAKE_MISSING="libfmt-dev zsh" run_make demo
    expect_status 0
    expect_calls_has "sudo apt-get install -y -qq --no-install-recommends libfmt-dev"
    expect_calls_lack "libfmt-dev zsh"  # zsh is for the tests only
    expect_calls_has "cmake --build build"
    expect_out_has "vfi -C"
    # CI: `make test` as root on a bare machine installs the tests' packages too, then builds
    # and runs every test, and again under the sanitizers.
    FAKE_UID=0 FAKE_MISSING="libfmt-dev zsh" run_make test
    expect_status 0
    expect_calls_has "apt-get install -y -qq --no-install-recommends libfmt-dev zsh"
    expect_calls_lack "sudo"
    expect_calls_has "cmake --build build -j 2"
    expect_calls_has "cmake --build build-asan"
    expect_calls_has "ctest --output-on-failure"
}

run_tests
