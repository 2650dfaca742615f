#!/usr/bin/env bash
# The crontab lines in the README, run as cron would (by sh, from the home folder), with a
# stand-in `mail` that records what it was asked to send.
source "$(dirname "$0")/lib.sh"

BIN="$WORK/bin"
mkdir -p "$BIN"
ln -s "$VFI" "$BIN/vfi"
cat >"$BIN/mail" <<'MAIL'
#!/bin/sh
# Records each message: its arguments, then what came on standard input.
n=$(ls "$MAILBOX" 2>/dev/null | wc -l)
{ printf '%s\n' "$@"; echo "--"; cat; } >"$MAILBOX/$((n + 1))"
MAIL
chmod +x "$BIN/mail"
export MAILBOX="$WORK/mailbox"

# The command part of each crontab line in the README (after the five time fields).
mapfile -t LINES < <(awk '/^```crontab$/ {on = 1; next} /^```$/ {on = 0} on && /^[0-9*]/' \
    "$SOURCE/README.md" | cut -d' ' -f6-)

run_cron_line() { # N — as cron runs it: sh -c, in $HOME, with a short PATH
    (cd "$HOME" && PATH="$BIN:/usr/bin:/bin" sh -c "${LINES[$1]}") >"$WORK/cron.out" 2>&1
}

setup() {
    rm -rf "$HOME/programme" "$HOME/payments" "$MAILBOX"
    mkdir -p "$MAILBOX"
    cp -r "$SOURCE/data/example" "$HOME/programme"
    git -C "$HOME/programme" init -q && git -C "$HOME/programme" add -A &&
        git -C "$HOME/programme" commit -qm "sample" || fail "git init"
}

t_the_readme_has_both_lines() {
    [ "${#LINES[@]}" -eq 2 ] || fail "expected 2 crontab lines in the README, found ${#LINES[@]}"
    [[ "${LINES[0]}" == *"report payments"* ]] || fail "the first line is not the payments report"
    [[ "${LINES[1]}" == *"session due"* ]] || fail "the second line is not session due"
}

t_payments_are_mailed_to_finance_on_the_first() {
    setup
    # A session last month, for a partner who is paid.
    printf 'id: S-CR0N01\nmatch: M-33CYT8\ndate: 2026-10-14\nminutes: 60\nstatus: held\n' \
        >"$HOME/programme/sessions/S-CR0N01.yaml"
    # Uncommitted, the cron job closes nothing and says why (a run pays what is committed).
    VFI_TODAY=2026-11-01 run_cron_line 0
    [ -f "$MAILBOX/1" ] && fail "mailed a run of records not committed"
    grep -q "the records have changes not yet committed" "$WORK/cron.out" ||
        fail "cron does not say why nothing was closed: $(cat "$WORK/cron.out")"
    [ -e "$HOME/programme/payments" ] && fail "a run was written from uncommitted records"
    git -C "$HOME/programme" add -A && git -C "$HOME/programme" commit -qm "a session"
    VFI_TODAY=2026-11-01 run_cron_line 0
    # The first run of all says once what it takes as paid before: worth a mail to the team.
    grep -q "^vfi: note: this is the first payment run" "$WORK/cron.out" ||
        fail "the first run did not say what it takes as paid: $(cat "$WORK/cron.out")"
    [ "$(grep -vc "^vfi: note: this is the first payment run" "$WORK/cron.out")" = 0 ] ||
        fail "cron would mail more: $(cat "$WORK/cron.out")"
    [ -f "$MAILBOX/1" ] || { fail "nothing was mailed"; return; }
    grep -qx -- "-A" "$MAILBOX/1" || fail "the CSV is not attached: $(cat "$MAILBOX/1")"
    grep -qx "finance@example.org" "$MAILBOX/1" || fail "not sent to finance"
    head -2 "$HOME/payments/last-month.csv" | tail -1 |
        grep -q '^2026-10-01,2026-10-31,Y-[0-9A-Z]*,P-MVJ56B,.*,62.50,GBP' ||
        fail "the CSV is not October's closed run: $(head -3 "$HOME/payments/last-month.csv")"
    # The run is recorded and committed, so November's run will not pay October again.
    [ "$(git -C "$HOME/programme" log -1 --format=%s)" = "pay: close 2026-10 ($(ls "$HOME/programme/payments" | sed 's/.yaml$//'))" ] ||
        fail "the run was not committed: $(git -C "$HOME/programme" log -1 --format=%s)"
    [ "$(stat -c %a "$HOME/payments/last-month.csv")" = 600 ] || fail "the CSV of names is readable by others"
    # A month later, cron is silent on success.
    VFI_TODAY=2026-12-01 run_cron_line 0
    [ -s "$WORK/cron.out" ] && fail "cron would mail this output: $(cat "$WORK/cron.out")"
    [ -f "$MAILBOX/2" ] || fail "November's payments were not mailed"
}

t_no_payments_mail_and_no_run_when_something_needs_attention() {
    setup
    # Involvement without its minutes cannot be paid: the month must not close without it.
    printf 'id: S-CR0N02\ntype: advisory-group\npartners: [P-MVJ56B]\ndate: 2026-10-14\nstatus: held\n' \
        >"$HOME/programme/sessions/S-CR0N02.yaml"
    git -C "$HOME/programme" add -A && git -C "$HOME/programme" commit -qm "a session"
    VFI_TODAY=2026-11-01 run_cron_line 0
    [ -f "$MAILBOX/1" ] && fail "mailed although the run was not closed"
    grep -q "S-CR0N02 (advisory-group on 2026-10-14) is not paid: it has no minutes" "$WORK/cron.out" ||
        fail "cron does not say what needs attention: $(cat "$WORK/cron.out")"
    grep -q "2026-10 was not closed" "$WORK/cron.out" || fail "cron does not say the month is open: $(cat "$WORK/cron.out")"
    [ -e "$HOME/programme/payments" ] && fail "a run was written: $(ls "$HOME/programme/payments")"
    [ "$(git -C "$HOME/programme" log -1 --format=%s)" = "a session" ] || fail "something was committed"
}

t_no_payments_mail_when_vfi_fails() {
    setup
    rm "$HOME/programme/vfi.yaml"
    VFI_TODAY=2026-11-01 run_cron_line 0
    [ -f "$MAILBOX/1" ] && fail "mailed although vfi failed"
    grep -q "not a vfi data directory" "$WORK/cron.out" || fail "cron gets no error: $(cat "$WORK/cron.out")"
}

t_sessions_due_are_mailed_only_when_some_are() {
    setup
    VFI_TODAY=2026-11-23 run_cron_line 1
    [ -f "$MAILBOX/1" ] || { fail "nothing was mailed"; return; }
    grep -qx "team@example.org" "$MAILBOX/1" || fail "not sent to the team"
    grep -q "M-" "$MAILBOX/1" || fail "the list is not in the mail: $(cat "$MAILBOX/1")"
    setup
    sed -i 's/due_after_weeks: 6/due_after_weeks: 104/' "$HOME/programme/vfi.yaml"
    VFI_TODAY=2023-11-01 run_cron_line 1
    [ -f "$MAILBOX/1" ] && fail "mailed although nothing is due"
    setup
    rm "$HOME/programme/vfi.yaml"
    run_cron_line 1
    [ -f "$MAILBOX/1" ] && fail "mailed although vfi failed"
    return 0
}

run_tests
