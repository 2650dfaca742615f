#!/usr/bin/env bash
# The user guide cannot rot: every command in docs/guide.md (and the README's tour) is run
# here, in order, as a coordinator following it would, and where the guide shows what a
# command prints (the plain block right after a command block), vfi must print exactly that.
#
# Hidden lines in the guide steer the run without showing to readers:
#   <!-- guide-test: run CODE -->   run CODE here (set-up a reader does by hand)
#   <!-- guide-test: file PATH -->  the next block is the content of PATH, not commands
#   <!-- guide-test: status N -->   the last command of the next block exits with N
#   <!-- guide-test: partial -->    the next output block shows only part of the output
#                                   (each of its lines must be in it, in order)
#   <!-- guide-test: skip REASON -->  the next block is not run here (REASON says why)
#   <!-- guide-test: replace TEXT EXPR -->  from here on, read TEXT in the guide as the
#                                   value EXPR has now (a commit's hash, say)
# Paths under /tmp/ in the guide run under a private folder instead.
source "$(dirname "$0")/lib.sh"

export VFI_ID_SEED=guide  # the same new ids as the guide shows
export GIT_AUTHOR_DATE="2026-11-23T09:00:00Z" GIT_COMMITTER_DATE="2026-11-23T09:00:00Z"
export EDITOR=true VISUAL=true

# Stand-ins for what a reader's computer has and a test machine does not.
mkdir -p "$WORK/bin" "$WORK/tmp" "$WORK/server"
ln -s "$VFI" "$WORK/bin/vfi"
printf '#!/bin/sh\ncat >>"%s/mail.log"; echo "mail $*" >>"%s/mail.log"\n' "$WORK" "$WORK" >"$WORK/bin/mail"
printf '#!/bin/sh\nexit 0\n' >"$WORK/bin/nano"
chmod +x "$WORK/bin/mail" "$WORK/bin/nano"
export PATH="$WORK/bin:$PATH"
# `git@your-server:` is a bare repository here. The guide's colleague has a home of their
# own, and the same git settings.
export GIT_CONFIG_GLOBAL="$HOME/.gitconfig"
git config --global url."$WORK/server/".insteadOf "git@your-server:"

# The guide as records: D(irective), B(lock start, language), L(ine), E(nd of block).
plan() {
    awk '
        /^<!-- guide-test: .* -->$/ && !inblock {
            d = $0; sub(/^<!-- guide-test: /, "", d); sub(/ -->$/, "", d)
            print "D\t" NR "\t" d; next
        }
        /^```/ {
            if (!inblock) { inblock = 1; print "B\t" NR "\t" substr($0, 4) }
            else { inblock = 0; print "E\t" NR "\t" }
            next
        }
        inblock { print "L\t" NR "\t" $0 }
        !inblock && NF { print "T\t" NR "\t" }
    ' "$1"
}

commands_run=0
outputs_checked=0
replace_from=()
replace_to=()

# with_replacements TEXT — TEXT with each `replace` so far applied.
with_replacements() {
    local text=$1 i
    for i in "${!replace_from[@]}"; do
        text=${text//"${replace_from[i]}"/"${replace_to[i]}"}
    done
    printf '%s' "$text"
}

# check_output LINE — the output block at LINE against what the last command block printed.
check_output() {
    local line=$1 expected=$2 got
    got=$(sed 's/[[:space:]]*$//' "$WORK/block.out")
    expected=$(with_replacements "${expected//\/tmp\//$WORK\/tmp\/}" | sed 's/[[:space:]]*$//')
    outputs_checked=$((outputs_checked + 1))
    if [ "$partial" = 1 ]; then
        local rest="$got" want
        while IFS= read -r want; do
            # a blank line, and `...` or `…` standing for lines left out, match anything
            [[ -z "$want" || "$want" == "..." || "$want" == "…" ]] && continue
            if [[ "$rest" == *"$want"* ]]; then
                rest=${rest#*"$want"}
            else
                fail "$doc:$line: the output lacks [$want]; it was:
$got"
                return
            fi
        done <<<"$expected"
    elif [ "$got" != "$expected" ]; then
        fail "$doc:$line: the guide shows a different output:
$(diff <(echo "$expected") <(echo "$got") | head -20)"
    fi
}

# run_doc FILE — every command block of FILE, in order, from the source folder.
run_doc() {
    local doc=${1#"$SOURCE"/}
    local kind line text lang="" block_line=0 content="" file="" status_wanted=0 partial=0
    local after_commands=0 last_kind="" skip=0
    unset -f vfi  # lib.sh's wrapper: here `vfi` is the command, as for a reader
    cd "$SOURCE" || return
    while IFS=$'\t' read -r kind line text; do
        case $kind in
            D)
                case $text in
                    run\ *) eval "${text#run }" >"$WORK/directive.out" 2>&1 ||
                        fail "$doc:$line: the hidden set-up failed: $(cat "$WORK/directive.out")" ;;
                    file\ *) file=$(eval echo "${text#file }") ;;
                    status\ *) status_wanted=${text#status } ;;
                    partial) partial=1 ;;
                    skip\ *) skip=1 ;;
                    replace\ *)
                        local what=${text#replace }
                        replace_from+=("${what%% *}")
                        replace_to+=("$(eval echo "${what#* }")")
                        ;;
                    *) fail "$doc:$line: unknown guide-test line: $text" ;;
                esac
                last_kind=D
                ;;
            T) after_commands=0; last_kind=T ;;
            B) lang=$text; block_line=$line; content="" ;;
            L) content+="$text"$'\n' ;;
            E)
                if [ "$skip" = 1 ]; then
                    skip=0
                elif [ -n "$file" ]; then
                    mkdir -p "$(dirname "$file")"
                    printf '%s' "$content" >"$file"
                    file=""
                elif [ "$lang" = sh ]; then
                    run_block "$block_line" "$content"
                    after_commands=1
                    status_wanted=0
                    continue
                elif [ -z "$lang" ] && [ "$after_commands" = 1 ]; then
                    check_output "$block_line" "${content%$'\n'}"
                fi
                after_commands=0
                partial=0
                ;;
        esac
    done < <(plan "$1")
}

t_every_command_in_the_guide_runs_as_the_guide_says() {
    run_doc "$SOURCE/docs/guide.md"
    echo "  ran $commands_run commands from the guide; checked $outputs_checked outputs"
    [ "$commands_run" -gt 100 ] || fail "only $commands_run commands found in the guide"
}

# The README's five-minute tour, on today's real date as a newcomer would run it.
t_the_readme_tour_runs() {
    export HOME="$WORK/readme-home"
    mkdir -p "$HOME"
    commands_run=0
    local today=$VFI_TODAY
    unset VFI_TODAY VFI_ID_SEED
    run_doc "$SOURCE/README.md"
    export VFI_TODAY=$today VFI_ID_SEED=guide
    [ "$commands_run" -gt 10 ] || fail "only $commands_run commands in the README"
}

# run_block LINE CONTENT — each command of a block (a line, with \ continuing it), in this
# shell, so `cd` carries on as it would for the reader.
run_block() {
    local line=$1 content=$2 cmd="" l n=0 total st
    : >"$WORK/block.out"
    local -a cmds=()
    while IFS= read -r l; do
        if [[ "$l" == *\\ ]]; then
            cmd+="${l%\\} "
            continue
        fi
        cmd+="$l"
        [[ -n "${cmd// /}" && "$cmd" != \#* ]] && cmds+=("$cmd")
        cmd=""
    done <<<"$content"
    total=${#cmds[@]}
    for cmd in "${cmds[@]}"; do
        n=$((n + 1))
        cmd=$(with_replacements "${cmd//\/tmp\//$WORK\/tmp\/}")
        eval "$cmd" >>"$WORK/block.out" 2>&1 </dev/null
        st=$?
        commands_run=$((commands_run + 1))
        local want=0
        [ "$n" = "$total" ] && want=$status_wanted
        [ "$st" = "$want" ] ||
            fail "$doc:$line: \`$cmd\` exited $st, expected $want: $(tail -5 "$WORK/block.out")"
    done
}

run_tests
