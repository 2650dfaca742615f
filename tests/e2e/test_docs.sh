#!/usr/bin/env bash
# Docs are part of the product: each command has a man page that renders without warnings,
# and each command's --help shows an example.
source "$(dirname "$0")/lib.sh"

commands() { "$VFI" --help | awk '/^Subcommands:/{on=1; next} on && !NF {exit} on {print $1}'; }

t_every_command_has_a_man_page_and_an_example() {
    local c
    [ -n "$(commands)" ] || fail "no commands found in --help"
    [ -f "$SOURCE/docs/man/vfi.1" ] || fail "missing docs/man/vfi.1"
    for c in $(commands); do
        [ -f "$SOURCE/docs/man/vfi-$c.1" ] || fail "missing docs/man/vfi-$c.1"
        vfi "$c" --help
        expect_status 0
        expect_out_has "Example:"
        local sub
        for sub in $("$VFI" "$c" --help | awk '/^Subcommands:/{on=1; next} on && !NF {exit} on {print $1}'); do
            vfi "$c" "$sub" --help
            expect_status 0
            [[ "$out" == *"Example:"* ]] || fail "vfi $c $sub --help has no example"
        done
    done
}

t_man_pages_render_without_warnings() {
    if ! command -v man >/dev/null; then
        echo "  skipped: man is not installed"
        return
    fi
    local page warnings
    for page in "$SOURCE"/docs/man/*.1; do
        warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
        [ -z "$warnings" ] || fail "$(basename "$page"): $warnings"
    done
}

run_tests
