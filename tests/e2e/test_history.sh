#!/usr/bin/env bash
# Figures from git history: a report published, the records changed and corrected over many
# commits, then the first report made again byte for byte with --as-of; the records read as of
# a commit or a day by listings and check; every bad --as-of a plain message with nothing
# written.
source "$(dirname "$0")/lib.sh"

# commit_at DAY COMMAND...: a vfi command whose commit is dated DAY (noon UTC), as if run then.
commit_at() {
    local day=$1
    shift
    GIT_COMMITTER_DATE="${day}T12:00:00Z" GIT_AUTHOR_DATE="${day}T12:00:00Z" "$VFI" "$@"
}

# csv ARGS...: vfi with CSV output, its lines ended as a shell reads them (CSV ends them \r\n).
csv() {
    vfi "$@" --format csv
    out=${out//$'\r'/}
}

# The sample programme, with its first commit dated 2026-01-05; prints its path.
dated_sample() {
    local dir
    dir=$(mktemp -d "$WORK/dated.XXXXXX")
    cp -r "$SOURCE/data/example/." "$dir/"
    rm -rf "$dir/.vfi"
    git -C "$dir" init -q && git -C "$dir" add -A &&
        GIT_COMMITTER_DATE=2026-01-05T12:00:00Z git -C "$dir" commit -qm "sample" || return 1
    echo "$dir"
}

FORMATS="table md csv json html"
PERIOD="--from 2025-01-01 --to 2025-12-31"

# A published report in every format, then a year of changes over many commits: people
# added, statuses moved, sessions logged late into the published period, one cancelled,
# a session's minutes corrected. Sets DIR, PUBLISHED (the commit in the footer), P, S.
publish_then_change() {
    DIR=$(dated_sample) || return 1
    local f
    for f in $FORMATS; do
        # shellcheck disable=SC2086
        "$VFI" -C "$DIR" report summary $PERIOD --format "$f" >"$WORK/published.$f" || return 1
    done
    # shellcheck disable=SC2086
    "$VFI" -C "$DIR" report summary $PERIOD -q -o "$WORK/published.xlsx" || return 1
    PUBLISHED=$(sed -n 's/.*Data at git commit \([0-9a-f]*\)\..*/\1/p' "$WORK/published.table")
    [ -n "$PUBLISHED" ] || return 1
    P=$("$VFI" -C "$DIR" partner list --format csv | sed -n 2p | cut -d, -f1)
    local m i
    m=$("$VFI" -C "$DIR" match list --status active --format csv | sed -n 2p | cut -d, -f1)
    [ -n "$m" ] && [ -n "$P" ] || return 1
    for i in 1 2 3 4 5 6; do
        commit_at "2026-02-0$i" -C "$DIR" session log "$m" --date "2025-0$i-28" --minutes 45 \
            --mode online >"$WORK/s.$i" || return 1
    done
    S=$(cat "$WORK/s.1")
    commit_at 2026-03-02 -C "$DIR" session set "$S" minutes=90 >/dev/null || return 1
    commit_at 2026-03-03 -C "$DIR" session cancel "$(cat "$WORK/s.2")" --reason "rearranged" \
        >/dev/null || return 1
    for i in 1 2 3 4 5; do
        commit_at "2026-04-1$i" -C "$DIR" partner add --name "Later Partner $i" \
            --region west-midlands --modes online --capacity 1 --date "2025-0$i-10" \
            >/dev/null || return 1
    done
    commit_at 2026-05-01 -C "$DIR" partner status "$P" paused --date 2025-11-01 >/dev/null ||
        return 1
}

t_a_published_report_is_made_again_byte_for_byte() {
    publish_then_change || { fail "setup"; return; }
    [ "$(commit_count "$DIR")" -ge 14 ] || fail "only $(commit_count "$DIR") commits"
    local f
    vfi -C "$DIR" report summary $PERIOD
    [ "$out" != "$(cat "$WORK/published.table")" ] || fail "the changes moved no figure"
    for f in $FORMATS; do
        # shellcheck disable=SC2086
        "$VFI" -C "$DIR" report summary $PERIOD --format "$f" --as-of "$PUBLISHED" \
            >"$WORK/again.$f" || fail "--as-of $f failed"
        cmp -s "$WORK/published.$f" "$WORK/again.$f" || fail "$f differs: $(diff "$WORK/published.$f" "$WORK/again.$f" | head -5)"
    done
    # shellcheck disable=SC2086
    "$VFI" -C "$DIR" report summary $PERIOD -q -o "$WORK/again.xlsx" --as-of "$PUBLISHED" ||
        fail "--as-of xlsx failed"
    cmp -s "$WORK/published.xlsx" "$WORK/again.xlsx" || fail "the workbook differs"
    # Again, from the cache of parsed records: the same bytes.
    # shellcheck disable=SC2086
    "$VFI" -C "$DIR" report summary $PERIOD --as-of "$PUBLISHED" >"$WORK/cached.table"
    cmp -s "$WORK/published.table" "$WORK/cached.table" || fail "the cached run differs"
    # The option may come first, and a full id names the commit too (the footer then shows
    # git's short form, as it did).
    vfi -C "$DIR" --as-of "$(git -C "$DIR" rev-parse "$PUBLISHED")" report summary $PERIOD
    expect_status 0
    [ "$out" = "$(cat "$WORK/published.table")" ] || fail "a full id gives other bytes"
}

t_as_of_a_day_reads_the_last_commit_made_by_its_end() {
    publish_then_change || { fail "setup"; return; }
    # On 2026-03-02 the first session logged late had 90 minutes; the day before, 45.
    vfi -C "$DIR" session show "$S" --as-of 2026-03-01 --format json
    expect_status 0
    expect_out_has '"minutes": 45'
    vfi -C "$DIR" session show "$S" --as-of 2026-03-02 --format json
    expect_out_has '"minutes": 90'
    vfi -C "$DIR" partner list --as-of 2026-04-12
    expect_out_has "Later Partner 2"
    [[ "$out" == *"Later Partner 3"* ]] && fail "a partner added on the 13th is listed"
    # Before the day the session was logged there was no such session.
    vfi -C "$DIR" session show "$S" --as-of 2026-01-31
    expect_status 4
    expect_err_has "no session has the id"
}

t_check_as_of_names_the_commit_with_each_problem() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local p
    p=$(ls "$DIR/partners" | sed -n 1p)
    sed -i 's/^status: .*/status: retired/' "$DIR/partners/$p"
    git -C "$DIR" commit -qam "a hand edit"
    local broken
    broken=$(git -C "$DIR" rev-parse --short HEAD)
    git -C "$DIR" revert --no-edit HEAD >/dev/null
    vfi -C "$DIR" check
    expect_status 0
    vfi -C "$DIR" check --as-of "$broken"
    expect_status 1
    expect_out_has "$broken:partners/$p:"
    expect_out_has "retired"
    vfi -C "$DIR" partner list --as-of "$broken"
    expect_status 1
    expect_err_has "$broken:partners/$p:"
}

t_as_of_never_changes_anything_and_reads_no_uncommitted_edit() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local p before
    p=$(ls "$DIR/partners" | sed -n 1p)
    # Someone is editing now: a half-typed record, and a record the next commit will hold.
    printf 'status: [\n' >>"$DIR/partners/$p"
    "$VFI" -C "$DIR" --no-commit partner add --name "Uncommitted Partner" >/dev/null
    before=$(snapshot "$DIR")
    vfi -C "$DIR" report summary --as-of HEAD $PERIOD
    expect_status 0
    expect_out_has "Data at git commit $(git -C "$DIR" rev-parse --short HEAD)."
    [[ "$out" == *"not yet committed"* ]] && fail "said uncommitted"
    vfi -C "$DIR" partner list --as-of HEAD
    expect_status 0
    [[ "$out" == *"Uncommitted Partner"* ]] && fail "read the working tree"
    expect_unchanged "$DIR" "$before"
}

t_a_command_that_changes_records_refuses_as_of() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local before
    before=$(snapshot "$DIR")
    vfi -C "$DIR" partner add --name "Someone New" --as-of HEAD
    expect_status 2
    expect_err "vfi: --as-of: only reads the records as they were at a commit, and this command changes them — leave out --as-of: a change is made to the records as they are now; nothing was changed"
    vfi -C "$DIR" --as-of HEAD pay close --month 2026-01
    expect_status 2
    expect_err_has "only reads the records as they were"
    expect_unchanged "$DIR" "$before"
}

t_bad_as_of_is_a_plain_message_and_nothing_is_written() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local before
    before=$(snapshot "$DIR")
    vfi -C "$DIR" report summary --as-of 0badc0ffee
    expect_status 4
    expect_err "vfi: no commit '0badc0ffee' in this repository — give a commit from a report's footer or from \`git log --oneline\`, or a date (YYYY-MM-DD)"
    vfi -C "$DIR" check --as-of 2025-12-31
    expect_status 4
    expect_err "vfi: no commit was made on or before 2025-12-31: the first commit was made on 2026-01-05 — give 2026-01-05 or a later date"
    vfi -C "$DIR" check --as-of 2026-02-30
    expect_status 2
    expect_err_has "--as-of: "
    vfi -C "$DIR" check --as-of --all
    expect_status 4
    expect_out_empty
    expect_unchanged "$DIR" "$before"
    [ -e "$DIR/.vfi" ] && [ -n "$(ls -A "$DIR/.vfi/cache" 2>/dev/null)" ] && fail "a cache was written"
    # Not in git at all.
    local plain="$WORK/plain"
    cp -r "$SOURCE/data/example" "$plain"
    vfi -C "$plain" check --as-of HEAD
    expect_status 2
    expect_err "vfi: --as-of reads the records from git's history, and this data directory is not in git — leave out --as-of to read the records as they are now"
}

t_a_shallow_clone_says_what_it_lacks() {
    publish_then_change || { fail "setup"; return; }
    local shallow="$WORK/shallow"
    git clone -q --depth 1 "file://$DIR" "$shallow" || { fail "clone"; return; }
    vfi -C "$shallow" report summary --as-of "$PUBLISHED"
    expect_status 4
    expect_err "vfi: no commit '$PUBLISHED' in this repository (it may be in the part of the history this shallow clone left out) — this is a shallow clone, which holds only the latest part of the history: fetch the rest with \`git fetch --unshallow\`, or give a commit from a report's footer or from \`git log --oneline\`, or a date (YYYY-MM-DD)"
    vfi -C "$shallow" report summary --as-of 2026-01-05
    expect_status 4
    expect_err_has "the first commit in this shallow clone was made on 2026-05-01"
    expect_err_has "git fetch --unshallow"
    vfi -C "$shallow" log "$S"
    expect_status 4
    expect_err_has "this is a shallow clone"
    git -C "$shallow" fetch -q --unshallow || { fail "unshallow"; return; }
    vfi -C "$shallow" report summary $PERIOD --as-of "$PUBLISHED"
    expect_status 0
    [ "$out" = "$(cat "$WORK/published.table")" ] || fail "differs after unshallow"
}

t_a_commit_before_the_data_directory_or_its_format() {
    local repo="$WORK/older" first
    mkdir -p "$repo" && git -C "$repo" init -q
    echo "notes" >"$repo/README"
    git -C "$repo" add README && git -C "$repo" commit -qm "before vfi"
    first=$(git -C "$repo" rev-parse --short HEAD)
    # Records kept by hand before vfi's format: no `vfi: 1`.
    mkdir -p "$repo/programme"
    cp -r "$SOURCE/data/example/." "$repo/programme/"
    rm -rf "$repo/programme/.vfi"
    sed -i '/^vfi: 1/d' "$repo/programme/vfi.yaml"
    git -C "$repo" add -A && git -C "$repo" commit -qm "records kept by hand"
    local unversioned made
    unversioned=$(git -C "$repo" rev-parse --short HEAD)
    made=$unversioned
    sed -i '1i vfi: 1' "$repo/programme/vfi.yaml"
    git -C "$repo" commit -qam "vfi's format"
    vfi -C "$repo/programme" check
    expect_status 0
    vfi -C "$repo/programme" check --as-of "$first"
    expect_status 4
    expect_err "vfi: at commit $first ($(date -u +%F)) this data directory did not exist yet: it has no vfi.yaml — it was made by commit $made: give that commit or a later one, or a date from $(date -u +%F) on"
    vfi -C "$repo/programme" report summary --as-of "$unversioned"
    expect_status 3
    expect_err_has "at commit $unversioned vfi.yaml has no format version (\`vfi: 1\`)"
    expect_err_has "give a later commit or date"
}

t_log_tells_a_records_history_in_plain_words() {
    publish_then_change || { fail "setup"; return; }
    local made fixed
    made=$(git -C "$DIR" log --format=%h --diff-filter=A -- "sessions/$S.yaml")
    fixed=$(git -C "$DIR" log -1 --format=%h --before=2026-03-02T23:00:00Z -- "sessions/$S.yaml")
    csv -C "$DIR" log "$S"
    expect_status 0
    expect_out "date,by,commit,field,was,now
2026-02-01,Test Coordinator,$made,,,made
2026-03-02,Test Coordinator,$fixed,minutes,45,90"
    # With --fields, a record made shows its first value of each.
    csv -C "$DIR" log "${S,,}" --fields minutes,mode
    expect_out "date,by,commit,field,was,now
2026-02-01,Test Coordinator,$made,minutes,,45
2026-02-01,Test Coordinator,$made,mode,,online
2026-03-02,Test Coordinator,$fixed,minutes,45,90"
    vfi -C "$DIR" log "$P" --fields status
    expect_out_has "2026-05-01"
    expect_out_has "active"
    expect_out_has "paused"
    vfi -C "$DIR" log vfi.yaml
    expect_status 0
    expect_out_has "made"
    # Nothing since a day: no rows, and no error.
    vfi -C "$DIR" log "$S" --since 2026-12-01
    expect_status 0
    expect_out_empty
    # As of a commit, the history stops there.
    csv -C "$DIR" log "$S" --as-of 2026-03-01
    expect_out "date,by,commit,field,was,now
2026-02-01,Test Coordinator,$made,,,made"
}

t_log_since_a_day_covers_the_whole_programme() {
    publish_then_change || { fail "setup"; return; }
    csv -C "$DIR" log --since 2026-04-13
    expect_status 0
    [ "$(grep -c ',made$' <<<"$out")" = 3 ] || fail "3 partners were added from the 13th: $out"
    expect_out_has ",$P,status,active,paused"
    [[ "$out" == *"2026-04-12"* ]] && fail "a change before --since"
    [ "$(head -1 <<<"$out")" = "date,by,commit,record,field,was,now" ] || fail "header: $out"
}

t_log_keeps_confidential_fields_to_those_who_name_them() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local s
    s=$(ls "$DIR/sessions" | sed -n 1p)
    s=${s%.yaml}
    commit_at 2026-02-01 -C "$DIR" session set "$s" "notes=Talked about the Hartley family"         >/dev/null || { fail "set"; return; }
    vfi -C "$DIR" log "$s"
    expect_status 0
    expect_out_has "(confidential)"
    [[ "$out" == *Hartley* ]] && fail "notes shown unasked"
    vfi -C "$DIR" log --since 2026-02-01 --format json
    [[ "$out" == *Hartley* ]] && fail "notes shown in the programme's log"
    vfi -C "$DIR" log "$s" --fields notes
    expect_out_has "Talked about the Hartley family"
}

t_log_bad_input_is_a_plain_message() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local before p
    p=$(ls "$DIR/partners" | sed -n 1p)
    p=${p%.yaml}
    before=$(snapshot "$DIR")
    vfi -C "$DIR" log P-ZZZZZZ
    expect_status 4
    expect_err "vfi: P-ZZZZZZ has no history in git: no commit has held it — check the id; a record made with --no-commit has history once it is committed"
    vfi -C "$DIR" log "$p" --fields nots
    expect_status 2
    expect_err "vfi: --fields: 'nots' is not a partner field — did you mean 'notes'?"
    vfi -C "$DIR" log --since 2026-13-01
    expect_status 3
    expect_err_has "--since"
    expect_unchanged "$DIR" "$before"
    local plain="$WORK/plain-log"
    cp -r "$SOURCE/data/example" "$plain"
    vfi -C "$plain" log "$p"
    expect_status 2
    expect_err "vfi: vfi log reads the records' history from git, and this data directory is not in git — \`vfi show\` shows a record as it is now"
}

# The figures that differ between two reports in JSON, worked out here from the two reports
# alone: `where|row|column|then|now`, one a line, sorted.
figures_differing() { # THEN.json NOW.json
    python3 - "$1" "$2" <<'PY'
import json, sys
def cells(path):
    out = {}
    for s in json.load(open(path))["sections"]:
        for t in s["tables"]:
            where = s["heading"] if t["title"] in ("", s["heading"]) else s["heading"] + " / " + t["title"]
            for row in t["rows"]:
                keys = list(row)
                for k in keys[1:]:
                    v = row[k]
                    v = ", ".join(v) if isinstance(v, list) else ("" if v is None else str(v))
                    out[(where, str(row[keys[0]]), k)] = v
    return out
def sentences(path):
    out = {}
    for s in json.load(open(path))["sections"]:
        for i, p in enumerate(s["paragraphs"]):
            out[(s["heading"], "(text)", "sentence %d" % (i + 1))] = p
    return out
a, b = cells(sys.argv[1]), cells(sys.argv[2])
a.update(sentences(sys.argv[1]))
b.update(sentences(sys.argv[2]))
lines = ["|".join(key + (a.get(key, ""), b.get(key, "")))
         for key in set(a) | set(b) if a.get(key, "") != b.get(key, "")]
for line in sorted(lines):
    print(line)
PY
}

t_compare_to_shows_each_figure_then_and_now_and_the_changes_since() {
    publish_then_change || { fail "setup"; return; }
    "$VFI" -C "$DIR" report summary $PERIOD --format json >"$WORK/now.json" || fail "now"
    vfi -C "$DIR" report summary $PERIOD --compare-to "$PUBLISHED" --format json
    expect_status 0
    printf '%s' "$out" >"$WORK/compared.json"
    local want got
    want=$(figures_differing "$WORK/published.json" "$WORK/now.json")
    [ -n "$want" ] || fail "no figure moved: the test shows nothing"
    got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["compared_to"] == sys.argv[2], d["compared_to"]
rows = d["sections"][0]["tables"][0]["rows"]
for r in sorted("|".join(str(v) for v in r.values()) for r in rows): print(r)' \
        "$WORK/compared.json" "$PUBLISHED") || fail "the comparison's JSON"
    [ "$got" = "$want" ] || fail "figures compared differ from the two reports': $(diff <(echo "$want") <(echo "$got") )"
    # The changes committed since: the session corrected, the partner paused.
    vfi -C "$DIR" report summary $PERIOD --compare-to "$PUBLISHED"
    expect_out_has "Figures that changed"
    expect_out_has "$S"
    expect_out_has "minutes"
    expect_out_has "$P"
    expect_out_has "Period 2025-01-01 to 2025-12-31. Compared with git commit $PUBLISHED. Data at git commit $(git -C "$DIR" rev-parse --short HEAD)."
    # The later commit given to --compare-to: refused, not a report of nothing since.
    vfi -C "$DIR" report summary $PERIOD --as-of "$PUBLISHED" --compare-to HEAD
    expect_status 2
    expect_err_has "HEAD is later than the records read ($PUBLISHED)"
    # Nothing moved: said so.
    vfi -C "$DIR" report summary $PERIOD --compare-to HEAD
    expect_status 0
    expect_out_has "No figure changed"
    expect_out_has "No record was changed by a commit since then."
    # A report of protected characteristics names no record that changed.
    vfi -C "$DIR" report equality $PERIOD --compare-to "$PUBLISHED"
    expect_status 0
    [[ "$out" == *"$P"* || "$out" == *"$S"* ]] && fail "the equality comparison names a record"
    expect_out_has "the records behind a change are not listed here"
}

t_compare_to_a_bad_commit_writes_nothing() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local before
    before=$(snapshot "$DIR")
    vfi -C "$DIR" report summary --compare-to 2025-06-01 -o "$WORK/cmp.txt"
    expect_status 4
    expect_err_has "no commit was made on or before 2025-06-01"
    [ -e "$WORK/cmp.txt" ] && fail "a report was written"
    expect_unchanged "$DIR" "$before"
}

t_a_commit_dated_in_the_past_does_not_stand_in_for_that_day() {
    publish_then_change || { fail "setup"; return; }
    # Committed last, but dated as if in January: a wrong clock, or a hostile hand.
    sed -i 's/^minutes: .*/minutes: 900/' "$DIR/sessions/$S.yaml"
    GIT_COMMITTER_DATE=2026-01-15T12:00:00Z git -C "$DIR" commit -qam "minutes"
    local last
    last=$(git -C "$DIR" rev-parse --short HEAD)
    vfi -C "$DIR" session show "$S" --as-of 2026-03-05 --format json
    expect_out_has '"minutes": 90'
    vfi -C "$DIR" report summary $PERIOD --as-of 2026-03-05
    [[ "$out" == *"Data at git commit $last."* ]] && fail "the backdated commit was read"
    csv -C "$DIR" log --since 2026-05-01
    expect_out_has ",$last,$S,minutes,90,900"
}

t_a_merge_shows_what_it_changed_itself() {
    publish_then_change || { fail "setup"; return; }
    git -C "$DIR" checkout -q -b side
    "$VFI" -C "$DIR" session set "$S" minutes=80 >/dev/null || fail "side"
    git -C "$DIR" checkout -q -
    "$VFI" -C "$DIR" session set "$S" minutes=70 >/dev/null || fail "main"
    git -C "$DIR" merge -q side >/dev/null 2>&1 && fail "no conflict to resolve"
    printf 'id: %s\n' "$S" >/dev/null
    sed -i '/^<<<<<<<\|^=======\|^>>>>>>>/d; /^minutes: 80$/d; s/^minutes: 70$/minutes: 65/' "$DIR/sessions/$S.yaml"
    git -C "$DIR" commit -qam "merge side" || { fail "merge"; return; }
    local merge
    merge=$(git -C "$DIR" rev-parse --short HEAD)
    csv -C "$DIR" log "$S" --fields minutes
    expect_out_has ",$merge,minutes,70,65"
    expect_out_has ",minutes,90,80"
}

t_a_cache_that_came_through_git_is_never_read() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local s
    s=$(ls "$DIR/sessions" | sed -n 1p)
    s=${s%.yaml}
    sed -i 's/^minutes: .*/minutes: 47/' "$DIR/sessions/$s.yaml"
    git -C "$DIR" commit -qam "47 minutes"
    "$VFI" -C "$DIR" --as-of HEAD session list >/dev/null || fail "as-of"
    local cache
    cache=$(ls "$DIR"/.vfi/cache/*/objects.sessions) || { fail "no object cache"; return; }
    # Forged: 47 minutes become 99 in the cached tree, and the file is committed for others.
    python3 -c 'import sys; p=sys.argv[1]; d=open(p,"rb").read(); assert b"\x0247" in d; open(p,"wb").write(d.replace(b"\x0247", b"\x0299"))' "$cache"
    git -C "$DIR" add -f .vfi && git -C "$DIR" commit -qm "a cache"
    vfi -C "$DIR" --as-of HEAD~1 session show "$s" --format json
    expect_status 0
    expect_out_has '"minutes": 47'
}

# A record at a commit that the working tree has too is read in the form the working tree's
# cache keeps of it, where that form serves: found clean on a day not after today. One found
# clean on a later day is read and checked again. The figures and problems are those of a run
# with no cache at all, either way.
t_as_of_reads_the_working_trees_kept_forms_only_where_they_serve() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local s cache="$DIR/.vfi/cache" today
    s=$(ls "$DIR/sessions" | sed -n 1p)
    s=${s%.yaml}
    sed -i 's/^minutes: .*/minutes: 47/' "$DIR/sessions/$s.yaml"
    git -C "$DIR" commit -qam "47 minutes"
    # Every file counts as settled, so the cache keeps them all, found clean on 2026-11-23.
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$DIR" report summary >/dev/null || fail "summary"
    [ -s "$cache/$(id -u)/sessions" ] || { fail "no cache was written"; return; }
    for today in 2026-11-23 2023-06-01; do
        VFI_TODAY=$today "$VFI" -C "$DIR" report summary --as-of HEAD~1 --format csv \
            >"$WORK/kept.csv" 2>"$WORK/kept.err"
        echo "exit $?" >>"$WORK/kept.err"
        mv "$cache" "$WORK/cache.aside"
        VFI_TODAY=$today "$VFI" -C "$DIR" report summary --as-of HEAD~1 --format csv \
            >"$WORK/plain.csv" 2>"$WORK/plain.err"
        echo "exit $?" >>"$WORK/plain.err"
        rm -rf "$cache" && mv "$WORK/cache.aside" "$cache"
        cmp -s "$WORK/plain.csv" "$WORK/kept.csv" ||
            fail "$today: the figures differ: $(diff "$WORK/plain.csv" "$WORK/kept.csv" | head -5)"
        cmp -s "$WORK/plain.err" "$WORK/kept.err" ||
            fail "$today: the problems differ: $(diff "$WORK/plain.err" "$WORK/kept.err" | head -5)"
    done
    # On the earlier day the sessions after it are in the future: checked again, not passed.
    grep -q "future" "$WORK/kept.err" || fail "no session was checked again: $(head -3 "$WORK/kept.err")"
}

# A form the working tree's cache kept under another vfi.yaml than the commit's says nothing
# of the records at that commit: there, a reflection's theme not yet in it is a problem.
t_as_of_reads_no_form_kept_under_another_vfi_yaml() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local cache="$DIR/.vfi/cache"
    sed -i 's/^  themes: \[co-production\]$/  themes: [workforce]/' "$DIR/vfi.yaml"
    git -C "$DIR" commit -qam "themes" && git -C "$DIR" revert --no-edit HEAD >/dev/null ||
        { fail "setup"; return; }
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$DIR" check >/dev/null || fail "check"
    [ -s "$cache/$(id -u)/leaders" ] || { fail "no cache was written"; return; }
    vfi -C "$DIR" check --as-of HEAD~1
    expect_status 1
    expect_out_has "themes: 'co-production' is not one of"
    local kept=$out
    mv "$cache" "$WORK/cache.aside"
    vfi -C "$DIR" check --as-of HEAD~1
    rm -rf "$cache" && mv "$WORK/cache.aside" "$cache"
    [ "$out" = "$kept" ] || fail "the problems differ: $(diff <(echo "$out") <(echo "$kept") | head -5)"
}

t_log_keeps_what_the_format_does_not_know_and_secrets_to_itself() {
    DIR=$(dated_sample) || { fail "setup"; return; }
    local p
    p=$("$VFI" -C "$DIR" partner list --status active --format csv | sed -n 2p | cut -d, -f1)
    printf 'bank_details: SECRET-typed-by-hand\n"notes ": SECRET-spaced-key\n' >>"$DIR/partners/$p.yaml"
    sed -i 's/^  disclosure_key: .*/  disclosure_key: 0123456789abcdef0123456789abcdef/' "$DIR/vfi.yaml"
    git -C "$DIR" commit -qam "by hand"
    vfi -C "$DIR" log "$p"
    expect_status 0
    [[ "$out" == *SECRET* ]] && fail "a field vfi does not know was shown: $out"
    vfi -C "$DIR" log --format json
    [[ "$out" == *SECRET* || "$out" == *0123456789abcdef* ]] && fail "shown in the programme's log"
    # A person's words only when asked for.
    sed -i 's/^  - text: My partner helped me see power in the room.$/  - text: SECRET-quote, consented/' "$DIR/reflections/R-06MCMJ.yaml"
    git -C "$DIR" commit -qam "a quote"
    vfi -C "$DIR" log R-06MCMJ
    [[ "$out" == *SECRET-quote* ]] && fail "a quote shown unasked"
    vfi -C "$DIR" log R-06MCMJ --fields quotes
    expect_out_has "SECRET-quote, consented"
    git -C "$DIR" revert --no-edit HEAD >/dev/null
    git -C "$DIR" revert --no-edit HEAD~2 >/dev/null
    # A funder's comparison shows no health data, only the fields figures are counted from.
    "$VFI" -C "$DIR" partner set "$p" lived_experience=stroke >/dev/null || fail "set"
    "$VFI" -C "$DIR" partner status "$p" paused >/dev/null || fail "status"
    vfi -C "$DIR" report summary --compare-to HEAD~2
    expect_status 0
    [[ "$out" == *stroke* ]] && fail "the comparison shows lived experience"
    expect_out_has "paused"
}

t_a_branch_named_like_a_commit_does_not_stand_in_for_it() {
    publish_then_change || { fail "setup"; return; }
    git -C "$DIR" branch "$PUBLISHED" HEAD
    vfi -C "$DIR" report summary $PERIOD --as-of "$PUBLISHED"
    expect_status 0
    [ "$out" = "$(cat "$WORK/published.table")" ] || fail "the branch was read, not the commit"
    vfi -C "$DIR" report summary $PERIOD --as-of "$PUBLISHED~0"
    [ "$out" = "$(cat "$WORK/published.table")" ] || fail "the branch was read for $PUBLISHED~0"
}

run_tests
