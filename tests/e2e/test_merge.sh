#!/usr/bin/env bash
# Two coordinators, two clones of one programme: edits to different records, to different
# lines of one record, and to the same line; then pull. vfi check passes, or names the exact
# conflict (the markers git left, or a key twice after a union merge) in plain words.
source "$(dirname "$0")/lib.sh"

ID=P-0VKX2G  # a partner in the sample

# Makes origin (bare) from the sample, and clones a and b; sets $A and $B.
two_clones() {
    local origin
    origin=$(mktemp -d "$WORK/origin.XXXXXX")
    git -C "$origin" init -q --bare
    local seed
    seed=$(sample_data)
    git -C "$seed" push -q "$origin" HEAD:main
    A=$(mktemp -d "$WORK/a.XXXXXX")
    B=$(mktemp -d "$WORK/b.XXXXXX")
    git clone -q "$origin" "$A" && git clone -q "$origin" "$B"
    git -C "$B" config pull.rebase false
}

t_edits_to_different_records_merge_cleanly() {
    two_clones
    "$VFI" -C "$A" partner set $ID "notes=Prefers mornings" >/dev/null && git -C "$A" push -q origin main
    "$VFI" -C "$B" partner set P-GWA03E capacity=3 >/dev/null
    git -C "$B" pull -q --no-edit origin main >/dev/null || fail "pull failed"
    vfi -C "$B" check
    expect_status 0
    grep -q "Prefers mornings" "$B/partners/$ID.yaml" || fail "A's edit is missing"
}

t_edits_to_different_lines_of_one_record_merge_cleanly() {
    two_clones
    "$VFI" -C "$A" partner set $ID pronouns=they/them >/dev/null && git -C "$A" push -q origin main
    "$VFI" -C "$B" partner set $ID "access_needs=Large print" >/dev/null
    git -C "$B" pull -q --no-edit origin main >/dev/null || fail "pull failed"
    vfi -C "$B" check
    expect_status 0
    grep -q "pronouns: they/them" "$B/partners/$ID.yaml" || fail "A's edit is missing"
    grep -q "access_needs: Large print" "$B/partners/$ID.yaml" || fail "B's edit is missing"
}

t_edits_to_the_same_line_are_named_as_a_conflict() {
    local line
    two_clones
    "$VFI" -C "$A" partner set $ID capacity=3 >/dev/null && git -C "$A" push -q origin main
    "$VFI" -C "$B" partner set $ID capacity=1 >/dev/null
    git -C "$B" pull -q --no-edit origin main >/dev/null 2>&1 && fail "git merged a conflict"
    line=$(grep -n '^<<<<<<<' "$B/partners/$ID.yaml" | cut -d: -f1)
    vfi -C "$B" check
    expect_status 1
    expect_out_has "partners/$ID.yaml:$line:"
    expect_out_has "git merge conflict"
    # vfi changes nothing while the merge is unfinished, and says how to finish it.
    local before
    before=$(snapshot "$B")
    vfi -C "$B" partner set P-GWA03E capacity=3
    expect_status 8
    expect_err_has "a git merge is not finished"
    expect_unchanged "$B" "$before"
    # Resolved by hand (keeping B's line), the record is whole again.
    sed -i -e '/^<<<<<<< /d' -e '/^=======$/,/^>>>>>>> /d' "$B/partners/$ID.yaml"
    git -C "$B" commit -qam "Merge, keeping capacity 1"
    vfi -C "$B" check
    expect_status 0
    vfi -C "$B" partner set P-GWA03E capacity=3
    expect_status 0
}

t_a_union_merge_that_leaves_a_key_twice_is_named() {
    two_clones
    echo "*.yaml merge=union" >"$B/.git/info/attributes"
    "$VFI" -C "$A" partner set $ID capacity=3 >/dev/null && git -C "$A" push -q origin main
    "$VFI" -C "$B" partner set $ID capacity=1 >/dev/null
    git -C "$B" pull -q --no-edit origin main >/dev/null 2>&1 || fail "the union merge failed"
    vfi -C "$B" check
    expect_status 1
    expect_out_has "partners/$ID.yaml:"
    expect_out_has "capacity: this key appears twice (first on line"
    expect_out_has "keep the right one and delete the other"
}

run_tests
