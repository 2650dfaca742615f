#!/usr/bin/env bash
# vfi init: a data directory, a git repository and one commit; refusals change nothing.
source "$(dirname "$0")/lib.sh"

t_init_creates_directory_repo_and_one_commit() {
    local dir="$WORK/new-programme"
    vfi init "$dir" --programme "Test Programme" --organisation "Example Charity"
    expect_status 0
    expect_out_has "Created a vfi data directory in $dir (a new git repository)"
    expect_err_empty
    for f in vfi.yaml .gitignore partners/.gitkeep leaders/.gitkeep matches/.gitkeep \
        sessions/.gitkeep reflections/.gitkeep payments/.gitkeep; do
        [ -f "$dir/$f" ] || fail "missing $f"
    done
    grep -qx "programme: Test Programme" "$dir/vfi.yaml" || fail "programme not written"
    grep -qx "organisation: Example Charity" "$dir/vfi.yaml" || fail "organisation not written"
    grep -qx ".vfi/" "$dir/.gitignore" || fail ".gitignore lacks .vfi/"
    [ "$(commit_count "$dir")" = 1 ] || fail "expected one commit"
    [ "$(git -C "$dir" log -1 --format=%s)" = "vfi: create the data directory" ] || fail "commit message"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "tree not clean: $(git -C "$dir" status --porcelain)"
    [ "$(stat -c %a "$dir/vfi.yaml")" = 600 ] || fail "vfi.yaml mode $(stat -c %a "$dir/vfi.yaml")"
    [ "$(stat -c %a "$dir/partners")" = 700 ] || fail "partners mode $(stat -c %a "$dir/partners")"
    vfi -C "$dir" check
    expect_status 0
    expect_out_empty
}

# The guide pushes `main`: a new repository's branch is main, unless the user's git names
# its own default branch (found by a coordinator's trial: git's default was master).
t_init_makes_the_branch_main_unless_git_names_another() {
    local plain="$WORK/home-plain" trunk="$WORK/home-trunk"
    mkdir -p "$plain" "$trunk"
    # lib.sh's own git config names main: these homes have only a name, or another default.
    HOME="$plain" git config --global user.name "Test Coordinator"
    HOME="$plain" git config --global user.email "coordinator@example.org"
    cp "$plain/.gitconfig" "$trunk/.gitconfig"
    HOME="$trunk" git config --global init.defaultBranch trunk
    HOME="$plain" "$VFI" init "$WORK/branch-main" >/dev/null || fail "init failed"
    [ "$(git -C "$WORK/branch-main" symbolic-ref --short HEAD)" = main ] || fail "branch is not main"
    HOME="$trunk" "$VFI" init "$WORK/branch-trunk" >/dev/null || fail "init failed"
    [ "$(git -C "$WORK/branch-trunk" symbolic-ref --short HEAD)" = trunk ] ||
        fail "the user's default branch was not kept"
}

t_init_quotes_a_programme_name_that_needs_it() {
    local dir="$WORK/quoted"
    vfi init "$dir" --programme "yes" --no-git
    expect_status 0
    grep -qx 'programme: "yes"' "$dir/vfi.yaml" || fail "programme not quoted: $(grep programme "$dir/vfi.yaml")"
    [ ! -d "$dir/.git" ] || fail "--no-git made a repository"
    vfi -C "$dir" check
    expect_status 0
}

t_init_refuses_an_existing_data_directory() {
    local dir before
    dir=$(new_data)
    before=$(snapshot "$dir")
    vfi init "$dir"
    expect_status 8
    expect_err_has "vfi.yaml: this is already a vfi data directory — run \`vfi check\` there"
    expect_unchanged "$dir" "$before"
}

t_init_inside_a_larger_repository_commits_only_its_files() {
    local outer="$WORK/outer"
    mkdir -p "$outer" && git -C "$outer" init -q
    echo "staged work" >"$outer/notes.txt"
    git -C "$outer" add notes.txt
    vfi init "$outer/programme"
    expect_status 0
    [ ! -d "$outer/programme/.git" ] || fail "made a nested repository"
    local files
    files=$(git -C "$outer" show --name-only --format= HEAD | sort | tr '\n' ' ')
    [ "$files" = "programme/.gitignore programme/leaders/.gitkeep programme/matches/.gitkeep programme/partners/.gitkeep programme/payments/.gitkeep programme/reflections/.gitkeep programme/sessions/.gitkeep programme/vfi.yaml " ] ||
        fail "commit holds: $files"
    git -C "$outer" diff --cached --name-only | grep -qx notes.txt || fail "the user's staged file is no longer staged"
}

t_init_rejects_a_name_with_a_line_break() {
    vfi init "$WORK/bad" --programme "$(printf 'two\nlines')"
    expect_status 2
    expect_err_has "must be one line of text"
    [ ! -e "$WORK/bad/vfi.yaml" ] || fail "wrote vfi.yaml"
}

t_init_keeps_an_existing_gitignore() {
    local dir="$WORK/has-ignore"
    mkdir -p "$dir" && printf '*.xlsx' >"$dir/.gitignore"
    vfi init "$dir"
    expect_status 0
    [ "$(cat "$dir/.gitignore")" = "$(printf '*.xlsx\n# vfi%ss lock, cache and scratch files\n.vfi/\n.vfi-*' "'")" ] ||
        fail ".gitignore is now: $(cat "$dir/.gitignore")"
}

t_init_refuses_a_linked_gitignore_before_making_anything() {
    local dir="$WORK/linked-ignore"
    mkdir -p "$dir" && echo "keep" >"$WORK/outside-ignore" && ln -s "$WORK/outside-ignore" "$dir/.gitignore"
    vfi init "$dir"
    expect_status 3
    expect_err_has ".gitignore: is a symbolic link, and vfi never follows a link inside a data directory"
    [ "$(ls -A "$dir")" = ".gitignore" ] || fail "init left: $(ls -A "$dir")"
    [ "$(cat "$WORK/outside-ignore")" = keep ] || fail "the file the link points at changed"
}

t_init_whose_commit_git_refuses_makes_nothing_and_can_be_run_again() {
    local dir="$WORK/unknown-author"
    printf '[user]\n\tuseConfigOnly = true\n' >"$WORK/no-identity"
    GIT_CONFIG_GLOBAL="$WORK/no-identity" vfi init "$dir"
    expect_status 7
    expect_err_has "tell git who you are: \`git config --global user.name \"Your Name\"\` and \`git config --global user.email you@example.org\`, then run the command again; nothing was changed"
    [ -e "$dir/vfi.yaml" ] && fail "vfi.yaml was left"
    [ -e "$dir/.git" ] && fail "the repository vfi made was left"
    [ -z "$(find "$dir" -name '*.yaml' -o -name .gitkeep)" ] || fail "files left: $(find "$dir")"
    vfi init "$dir"
    expect_status 0
    [ "$(git -C "$dir" rev-list --count HEAD)" = 1 ] || fail "no commit the second time"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
}

run_tests
