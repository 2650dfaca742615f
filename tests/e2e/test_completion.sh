#!/usr/bin/env bash
# `vfi completion bash|zsh|fish`: each script is valid in its shell, and completes commands,
# options, the values an option allows and record ids, read from the data directory.
source "$(dirname "$0")/lib.sh"

# The scripts call `vfi` by name, as a user's shell would.
mkdir -p "$WORK/bin"
ln -s "$VFI" "$WORK/bin/vfi"
export PATH="$WORK/bin:$PATH"

# bash_complete WORD... — what bash offers for the last word, one line, sorted.
bash_complete() {
    bash -c 'source <(vfi completion bash) || exit 9
             COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _vfi
             [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd " "' bash "$@"
}

t_scripts_are_valid_in_their_shells() {
    vfi completion bash
    expect_status 0
    echo "$out" >"$WORK/vfi.bash"
    bash -n "$WORK/vfi.bash" || fail "bash -n rejects the bash script"
    vfi completion zsh
    expect_status 0
    [[ "$out" == "#compdef vfi"* ]] || fail "the zsh script does not start with #compdef"
    echo "$out" >"$WORK/_vfi"
    if command -v zsh >/dev/null; then
        zsh -n "$WORK/_vfi" || fail "zsh -n rejects the zsh script"
    else
        echo "  skipped zsh -n: zsh is not installed (make test installs it)"
    fi
    vfi completion fish
    expect_status 0
    echo "$out" >"$WORK/vfi.fish"
    if command -v fish >/dev/null; then
        fish -n "$WORK/vfi.fish" || fail "fish -n rejects the fish script"
    else
        echo "  skipped fish -n: fish is not installed (make test installs it)"
    fi
}

t_an_unknown_shell_is_refused_with_the_ones_there_are() {
    vfi completion tcsh
    expect_status 2
    expect_out_empty
    expect_err_has "'tcsh' is not a shell vfi completes"
    expect_err_has "use bash, zsh or fish"
}

t_bash_completes_every_command_and_its_subcommands() {
    local commands
    commands=$("$VFI" --help | awk '/^Subcommands:/{on=1; next} on && !NF {exit} on {print $1}' |
        sort | paste -sd " ")
    [ -n "$commands" ] || fail "no commands in --help"
    [ "$(bash_complete vfi "")" = "$commands" ] || fail "vfi <TAB> offered [$(bash_complete vfi "")], --help lists [$commands]"
    [ "$(bash_complete vfi par)" = "partner" ] || fail "vfi par<TAB>: [$(bash_complete vfi par)]"
    [ "$(bash_complete vfi pa)" = "partner pay" ] || fail "vfi pa<TAB>: [$(bash_complete vfi pa)]"
    [ "$(bash_complete vfi partner s)" = "set show status" ] ||
        fail "vfi partner s<TAB>: [$(bash_complete vfi partner s)]"
    # the hidden helpers are never offered
    [[ "$(bash_complete vfi _)" == "" ]] || fail "hidden commands offered: [$(bash_complete vfi _)]"
}

t_bash_completes_options_and_their_values() {
    [ "$(bash_complete vfi partner list --st)" = "--status" ] ||
        fail "--st<TAB>: [$(bash_complete vfi partner list --st)]"
    [ "$(bash_complete vfi partner list --status pa)" = "paused" ] ||
        fail "--status pa<TAB>: [$(bash_complete vfi partner list --status pa)]"
    [ "$(bash_complete vfi session log --mode o)" = "online" ] ||
        fail "--mode o<TAB>: [$(bash_complete vfi session log --mode o)]"
    # a comma-separated list completes its last item
    [ "$(bash_complete vfi match list --status active,pa)" = "active,paused" ] ||
        fail "active,pa<TAB>: [$(bash_complete vfi match list --status active,pa)]"
    # a global option after the command, and its values
    [ "$(bash_complete vfi check --format j)" = "json" ] ||
        fail "--format j<TAB>: [$(bash_complete vfi check --format j)]"
    [ "$(bash_complete vfi completion "")" = "bash fish zsh" ] ||
        fail "completion <TAB>: [$(bash_complete vfi completion "")]"
}

t_bash_completes_a_partial_id_from_the_data_directory() {
    local dir
    dir=$(sample_data)
    # -C on the command line
    [ "$(bash_complete vfi -C "$dir" partner show P-X8)" = "P-X8S6A3" ] ||
        fail "partner show P-X8<TAB>: [$(bash_complete vfi -C "$dir" partner show P-X8)]"
    # the folder you are in
    [ "$(cd "$dir" && bash_complete vfi match add P-X8S6A3 L-D9)" = "L-D99KNY" ] ||
        fail "match add P L-D9<TAB>: [$(cd "$dir" && bash_complete vfi match add P-X8S6A3 L-D9)]"
    # $VFI_DATA, an id option, and a list of ids
    [ "$(VFI_DATA=$dir bash_complete vfi session log --type advisory-group --partners P-0VKX2G,P-MV)" = "P-0VKX2G,P-MVJ56B" ] ||
        fail "--partners P-0VKX2G,P-MV<TAB>"
    # as vfi does, completion takes an id in any case and without its letter
    [ "$(bash_complete vfi -C "$dir" partner show x8s)" = "P-X8S6A3" ] ||
        fail "partner show x8s<TAB>: [$(bash_complete vfi -C "$dir" partner show x8s)]"
    # words that are not ids sit beside them
    [ "$(bash_complete vfi -C "$dir" reflect add --by le)" = "learning-partner" ] ||
        fail "--by le<TAB>: [$(bash_complete vfi -C "$dir" reflect add --by le)]"
    # a region vfi.yaml adds is offered with the built-in ones
    sed -i 's/^  regions: \[\]/  regions: [isle-of-wight]/' "$dir/vfi.yaml"
    [ "$(bash_complete vfi -C "$dir" partner add --region isle)" = "isle-of-wight" ] ||
        fail "--region isle<TAB>: [$(bash_complete vfi -C "$dir" partner add --region isle)]"
}

# `--status=pa`: bash splits it at `=` (COMP_WORDBREAKS); zsh and fish keep it whole.
t_values_after_an_equals_sign_complete() {
    local dir
    dir=$(sample_data)
    [ "$(bash_complete vfi partner list --status = pa)" = "paused" ] ||
        fail "--status=pa<TAB> (split): [$(bash_complete vfi partner list --status = pa)]"
    [ "$(bash_complete vfi partner list --status =)" = "active alumni enquiry paused training withdrawn" ] ||
        fail "--status=<TAB> (split): [$(bash_complete vfi partner list --status =)]"
    [ "$(bash_complete vfi partner list --status=pa)" = "--status=paused" ] ||
        fail "--status=pa<TAB> (whole): [$(bash_complete vfi partner list --status=pa)]"
    [ "$(bash_complete vfi --data = "$dir" partner show P-X8)" = "P-X8S6A3" ] ||
        fail "--data=DIR then an id: [$(bash_complete vfi --data = "$dir" partner show P-X8)]"
    [ "$(bash_complete vfi "--data=$dir" partner show P-X8)" = "P-X8S6A3" ] ||
        fail "--data=DIR (whole) then an id"
    if command -v fish >/dev/null; then
        local offered
        offered=$(fish --no-config -c "vfi completion fish | source; complete -C 'vfi partner list --status=pa'")
        [ "$offered" = "--status=paused" ] || fail "fish offered [$offered] for --status=pa"
        offered=$(fish --no-config -c "vfi completion fish | source; complete -C 'vfi --data=$dir partner show P-X8'")
        [ "$offered" = "P-X8S6A3" ] || fail "fish offered [$offered] after --data=DIR"
    fi
}

# A -C folder with a space, quoted or escaped, as a user types it.
t_a_data_directory_with_a_space_in_its_name() {
    local dir="$WORK/My Programme"
    cp -r "$(sample_data)" "$dir"
    [ "$(bash_complete vfi -C "\"$dir\"" partner show P-X8)" = "P-X8S6A3" ] ||
        fail "-C \"...\" then an id: [$(bash_complete vfi -C "\"$dir\"" partner show P-X8)]"
    [ "$(bash_complete vfi -C "${dir// /\\ }" partner show P-X8)" = "P-X8S6A3" ] ||
        fail "-C with \\ then an id"
    # and a file with a space in its name is one word
    touch "$WORK/my people.csv"
    [ "$(cd "$WORK" && bash_complete vfi partner import my)" = "my people.csv" ] ||
        fail "import my<TAB>: [$(cd "$WORK" && bash_complete vfi partner import my)]"
}

t_zsh_completes_a_partial_id() {
    command -v zsh >/dev/null || { echo "  skipped: zsh is not installed (make test installs it)"; return; }
    local dir offered
    dir=$(sample_data)
    # compadd and compset are completion builtins; outside a completion widget, stand-ins
    # record what the script offers.
    offered=$(cd "$dir" && zsh -f -c '
        compdef() { :; }; compset() { :; }
        compadd() { [[ $1 == -- ]] && shift; print -r -- "$@"; }
        source <(vfi completion zsh)
        words=(vfi partner show P-X8); CURRENT=4; _vfi
        words=(vfi -C '"$dir"' partner sh); CURRENT=5; _vfi')
    [[ "$offered" == *"P-X8S6A3"* ]] || fail "zsh offered no P-X8S6A3: [$offered]"
    [[ "$offered" == *"show"* ]] || fail "zsh offered no subcommands: [$offered]"
}

t_fish_completes_a_partial_id() {
    command -v fish >/dev/null || { echo "  skipped: fish is not installed (make test installs it)"; return; }
    local dir offered
    dir=$(sample_data)
    offered=$(cd "$dir" && fish --no-config -c 'vfi completion fish | source; complete -C "vfi partner show P-X8"')
    [ "$offered" = "P-X8S6A3" ] || fail "fish offered [$offered] for P-X8"
    offered=$(fish --no-config -c "vfi completion fish | source; complete -C 'vfi -C $dir match list --status active,pa'")
    [ "$offered" = "active,paused" ] || fail "fish offered [$offered] for active,pa"
}

t_the_helper_says_nothing_where_there_is_no_data() {
    (cd "$WORK" && "$VFI" __complete ids partner >"$WORK/h.out" 2>"$WORK/h.err")
    [ $? -eq 0 ] || fail "the helper failed outside a data directory"
    [ ! -s "$WORK/h.out" ] && [ ! -s "$WORK/h.err" ] || fail "the helper printed something: $(cat "$WORK/h.out" "$WORK/h.err")"
    [ "$(cd "$WORK" && bash_complete vfi partner show P-)" = "" ] || fail "ids offered from nowhere"
}

run_tests
