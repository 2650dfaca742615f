#!/usr/bin/env python3
"""Puts a generated programme in git as real data lives: its files committed over COMMITS
commits (vfi.yaml first, then the records in batches, as a team adds them over the years);
the index then made to match the working tree, so `git status` is clean and git's index holds
every file's stat data.

Written with git's plumbing: every file's content stored by one `git fast-import` of blobs
alone (one pack, where `git hash-object -w` wrote 418,000 loose objects at scale 10), then for
each commit its batch added to the index, the tree written and the commit made. (Given the
trees too, `git fast-import` looks up each path of a folder one entry after another, so filling
a folder of 228,000 sessions, the national set at scale 10, took it hours; here each commit
costs one pass over the index.)

  commit.py DIR [--commits 300]
"""
import argparse
import os
import subprocess
import zlib


def git(d, *args, stdin=None, env=None):
    return subprocess.run(["git", "-C", d, *args], input=stdin, env=env, check=True,
                          capture_output=True).stdout


def store_blobs(d, paths):
    """Every file's content into the repository as one pack; their blob ids, in order."""
    marks = os.path.abspath(os.path.join(d, ".git", "bench-blob-marks"))
    fi = subprocess.Popen(["git", "-C", d, "fast-import", "--quiet", "--export-marks=" + marks],
                          stdin=subprocess.PIPE)
    for mark, path in enumerate(paths, 1):
        with open(os.path.join(d, path), "rb") as f:
            data = f.read()
        fi.stdin.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
    fi.stdin.close()
    if fi.wait() != 0:
        raise SystemExit("git fast-import failed")
    blob = {}
    with open(marks) as f:
        for line in f:
            mark, sha = line.split()
            blob[int(mark[1:])] = sha
    os.remove(marks)
    return [blob[mark] for mark in range(1, len(paths) + 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=300)
    a = ap.parse_args()
    d = a.dir
    git(d, "init", "-q", "-b", "main")
    files = []
    for folder in ["partners", "leaders", "matches", "sessions", "reflections"]:
        files += [f"{folder}/{name}" for name in sorted(os.listdir(os.path.join(d, folder)))]
    # Records in the order a team adds them: a little of every kind in each batch.
    files.sort(key=lambda p: (zlib.crc32(os.path.basename(p).encode()) & 0xffff, p))
    batches = [["vfi.yaml"]] + [files[i::a.commits - 1] for i in range(a.commits - 1)]
    every = ["vfi.yaml"] + files
    blob_of = dict(zip(every, store_blobs(d, every)))
    when = 1546344000  # 2019-01-01 12:00 UTC, a day apart each
    parent = None
    for batch in batches:
        when += 86400
        git(d, "update-index", "--add", "--index-info",
            stdin="".join("100644 %s\t%s\n" % (blob_of[p], p) for p in batch).encode())
        tree = git(d, "write-tree").decode().strip()
        env = dict(os.environ, GIT_AUTHOR_NAME="Bench Coordinator",
                   GIT_AUTHOR_EMAIL="bench@example.org", GIT_COMMITTER_NAME="Bench Coordinator",
                   GIT_COMMITTER_EMAIL="bench@example.org",
                   GIT_AUTHOR_DATE="%d +0000" % when, GIT_COMMITTER_DATE="%d +0000" % when)
        args = ["commit-tree", tree, "-m", "records"] + (["-p", parent] if parent else [])
        parent = git(d, *args, env=env).decode().strip()
    git(d, "update-ref", "refs/heads/main", parent)
    git(d, "reset", "-q")
    git(d, "gc", "-q")
    status = git(d, "status", "--porcelain").decode()
    assert status == "", status[:2000]
    print("%s: %d files in %d commits" % (d, len(files) + 1, len(batches)))


if __name__ == "__main__":
    main()
