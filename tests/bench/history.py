#!/usr/bin/env python3
"""Gives a generated programme a git history, as real data has: the records committed once,
then COMMITS more commits, each correcting one session's minutes (as a coordinator does),
written with `git fast-import` so a thousand commits take seconds, and the working tree
then brought to the last of them.

  history.py DIR [--commits 1000]
"""
import argparse
import os
import re
import subprocess


def git(d, *args, **kw):
    return subprocess.run(["git", "-C", d, *args], check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=1000)
    a = ap.parse_args()
    d = a.dir
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench Coordinator", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="Bench Coordinator", GIT_COMMITTER_EMAIL="bench@example.org",
               GIT_AUTHOR_DATE="2026-01-01T12:00:00Z", GIT_COMMITTER_DATE="2026-01-01T12:00:00Z")
    git(d, "init", "-q", "-b", "main")
    # No gc in the background after a commit: the `git gc` below would find it running and
    # stop ("gc is already running"), and the figures would be taken while it works.
    git(d, "config", "gc.autoDetach", "false")
    git(d, "add", "-A")
    git(d, "commit", "-qm", "records", env=env)
    sessions = sorted(os.listdir(os.path.join(d, "sessions")))
    stream = []
    when = 1767268800  # 2026-01-01 12:00 UTC
    for i in range(a.commits):
        name = sessions[(i * 7919) % len(sessions)]
        path = os.path.join(d, "sessions", name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text, n = re.subn(r"^minutes: (\d+)$", lambda m: "minutes: %d" % (int(m.group(1)) + 5),
                          text, count=1, flags=re.M)
        if n == 0:
            text += "minutes: 60\n"
        with open(path, "w", encoding="utf-8") as f:  # the working tree ends at the last commit
            f.write(text)
        data = text.encode("utf-8")
        when += 3600
        msg = b"session: minutes"
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench Coordinator <bench@example.org> %d +0000\n" % when)
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        if i == 0:
            stream.append(b"from refs/heads/main^0\n")
        stream.append(b"M 100644 inline sessions/%s\ndata %d\n%s\n" % (name.encode(), len(data), data))
    subprocess.run(["git", "-C", d, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    # The index to the last commit, without touching the files already written as it has them.
    git(d, "reset", "-q")
    git(d, "gc", "-q")
    status = subprocess.run(["git", "-C", d, "status", "--porcelain"], check=True,
                            capture_output=True, text=True).stdout
    assert status == "", status
    print("%s: %d commits" % (d, a.commits + 1))


if __name__ == "__main__":
    main()
