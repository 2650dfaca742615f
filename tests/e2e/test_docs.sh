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
            # The global options it takes are named in its own help, not only in `vfi --help`.
            [[ "$out" == *"Global options"*"--format FORMAT"*"-q,--quiet"* ]] ||
                fail "vfi $c $sub --help does not list --format and -q"
        done
    done
}

# Each command's help is its page, src/cli/help/COMMAND.md (partner-add.md; vfi.md for vfi
# itself): every command has one, no page is left from a command that is gone, and the --help
# of every command, at every depth, shows an example.
t_every_command_has_its_help_page_and_every_page_a_command() {
    local -a want=()
    walk() { # walk WORD...: the command the words name, then each command under it
        local name=${*:-vfi} sub
        want+=("${name// /-}.md")
        vfi "$@" --help
        expect_status 0
        [[ "$out" == *$'\nExample:\n  '* ]] || fail "\`vfi${*:+ }$*\` --help shows no example"
        # It ends with its page's last example, whole, and one blank line (the footer is made
        # only when shown).
        local last
        last=$(grep '^    ' "$SOURCE/src/cli/help/${name// /-}.md" | tail -1 | sed 's/^    //')
        [ "$(tail -c 3 "$WORK/.out" | od -An -c | tr -d ' ')" != '\n\n\n' ] &&
            [ "$(tail -n 2 "$WORK/.out")" = "  $last" ] ||
            fail "\`vfi${*:+ }$*\` --help does not end with its last example and a blank line"
        for sub in $(echo "$out" | awk '/^Subcommands:/{on=1; next} on && !NF {exit} on {print $1}'); do
            walk "$@" "$sub"
        done
    }
    walk
    ((${#want[@]} > 40)) || fail "only ${#want[@]} commands found by walking --help"
    local pages missing orphans
    pages=$(cd "$SOURCE/src/cli/help" && ls -- *.md | sort)
    missing=$(comm -23 <(printf '%s\n' "${want[@]}" | sort) <(echo "$pages"))
    orphans=$(comm -13 <(printf '%s\n' "${want[@]}" | sort) <(echo "$pages"))
    [ -z "$missing" ] || fail "commands without a help page in src/cli/help/: $(echo $missing)"
    [ -z "$orphans" ] || fail "help pages of no command in src/cli/help/ (rename each to its command, or delete it): $(echo $orphans)"
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

# The man pages are written from the command tree (`make man`): what --help says, they say.
t_man_pages_are_what_vfi_writes_from_its_help() {
    "$VFI" __man "$WORK/man" || fail "vfi __man failed"
    local d
    d=$(diff -r "$WORK/man" "$SOURCE/docs/man")
    [ -z "$d" ] || fail "docs/man/ is not what vfi writes — run \`make man\` and commit: $(echo "$d" | head -5)"
    # and they hold what --help holds: each option and example of a command
    local page="$SOURCE/docs/man/vfi-session.1"
    grep -q 'fail\\-if\\-any' "$page" || fail "vfi-session.1 lacks --fail-if-any"
    grep -q '^vfi session due \\-\\-fail\\-if\\-any' "$page" || fail "vfi-session.1 lacks the due example"
}

t_make_install_puts_the_binary_pages_and_completions_in_place() {
    local build stage
    build=$(dirname "$VFI")
    [ -f "$build/cmake_install.cmake" ] || { echo "  skipped: $VFI is not in a CMake build"; return; }
    stage="$WORK/stage"
    DESTDIR="$stage" cmake --install "$build" --prefix /opt/vfi >"$WORK/install.log" 2>&1 ||
        fail "cmake --install failed: $(tail -3 "$WORK/install.log")"
    local f
    for f in bin/vfi share/man/man1/vfi.1 share/man/man1/vfi-partner.1 \
        share/man/man1/vfi-completion.1 share/bash-completion/completions/vfi \
        share/zsh/site-functions/_vfi share/fish/vendor_completions.d/vfi.fish \
        share/doc/vfi/guide.md share/doc/vfi/format.md; do
        [ -s "$stage/opt/vfi/$f" ] || fail "make install left no $f"
    done
    [ "$("$stage/opt/vfi/bin/vfi" --version)" = "$("$VFI" --version)" ] || fail "the installed vfi differs"
    cmp -s "$stage/opt/vfi/share/bash-completion/completions/vfi" <("$VFI" completion bash) ||
        fail "the installed bash completion is not what vfi completion bash prints"
}

# A mistake on the command line says what is wrong and which command's --help to read,
# never CLI11's own words, and changes nothing.
t_command_line_mistakes_say_what_to_do() {
    local dir before
    dir=$(new_data)
    before=$(snapshot "$dir")
    local -a cases=(
        "partner add|\`vfi partner add\` needs --name — see \`vfi partner add --help\` for what it means and examples"
        "partner add --name|--name needs a value — write \`--name VALUE\`, with quotes round a value that has spaces; see \`vfi partner add --help\`"
        "partner list --regin x|--regin is not an option of \`vfi partner list\` — did you mean --region? See \`vfi partner list --help\`"
        "report summary extra|\`vfi report summary\` does not take 'extra' — see \`vfi report summary --help\`"
        "match add P-7KQ2|\`vfi match add\` needs LEADER — see \`vfi match add --help\`"
        "session due --weeks 500|--weeks must be from 1 to 104 — see \`vfi session due --help\`"
        "chek|'chek' is not a vfi command — did you mean \`vfi check\`?"
        "partner|\`vfi partner\` needs a command: add, list, show, set, edit, status, import, forget, remove — see \`vfi partner --help\`"
        "check --quiet=maybe|--quiet cannot be 'maybe' — see \`vfi check --help\`"
        "partner list --region a --region b|--region was given more than once — give it once; see \`vfi partner list --help\`"
        "-C a -C b check|--data was given more than once — give it once; see \`vfi check --help\`"
        "session due --weeks 3 --weeks 4|--weeks was given more than once — give it once; see \`vfi session due --help\`"
        "session log M-1 --date 2024-01-01 --notes a --notes-file b|--notes and --notes-file cannot go together — give one of them; see \`vfi session log --help\`"
    )
    local c args want
    for c in "${cases[@]}"; do
        args=${c%%|*}
        want=${c#*|}
        # shellcheck disable=SC2086
        vfi -C "$dir" $args
        expect_status 2
        expect_out_empty
        [[ "$err" == "vfi: $want"* ]] || fail "vfi $args said [$err], expected [vfi: $want...]"
        [[ "$err" != *"following argument"* && "$err" != *"required TEXT"* ]] ||
            fail "vfi $args let CLI11's own words through: $err"
    done
    # the hidden helpers are never offered as commands
    vfi chek
    [[ "$err" != *"__"* ]] || fail "a hidden command was listed: $err"
    expect_unchanged "$dir" "$before"
}

# docs/vfi.md, the command reference, has a section for every command and names every
# subcommand, so a new one cannot go undocumented.
t_the_command_reference_covers_every_command() {
    local c sub
    for c in $(commands); do
        grep -q "^## vfi $c" "$SOURCE/docs/vfi.md" || fail "docs/vfi.md has no '## vfi $c' section"
        for sub in $("$VFI" "$c" --help | awk '/^Subcommands:/{on=1; next} on && !NF {exit} on {print $1}'); do
            grep -q "vfi $c $sub" "$SOURCE/docs/vfi.md" || fail "docs/vfi.md never names 'vfi $c $sub'"
        done
    done
}

# Every link to a section (`guide.md#11-reports-...`, `(#confidential-fields)`) leads to a
# heading that exists, with GitHub's rule for the anchor of a heading.
t_links_between_the_docs_lead_somewhere() {
    local doc link target file anchor
    slugs() { grep -h '^#' "$1" | sed 's/^#* //' | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9 _-]//g; s/ /-/g'; }
    for doc in "$SOURCE"/docs/*.md "$SOURCE/README.md"; do
        while IFS= read -r link; do
            target=${link#(}
            target=${target%)}
            file=${target%%#*}
            anchor=${target#*#}
            if [ -z "$file" ]; then file=$doc; else file="$(dirname "$doc")/$file"; fi
            [ -f "$file" ] || { fail "$(basename "$doc"): $link: no such file"; continue; }
            slugs "$file" | grep -qx -- "$anchor" || fail "$(basename "$doc"): $link: no such heading"
        done < <(grep -o '([a-z./]*#[a-z0-9_-]*)' "$doc")
    done
}

run_tests
