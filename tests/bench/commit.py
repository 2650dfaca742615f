#!/usr/bin/env python3
"""Puts a generated programme in git as real data lives: its files committed over COMMITS
commits (vfi.yaml first, then the records in batches, as a team adds them over the years),
written with `git fast-import` so a few hundred commits take seconds; the index then made to
match the working tree, so `git status` is clean and git's index holds every file's stat data.

  commit.py DIR [--commits 300]
"""
import argparse
import os
import subprocess
import zlib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=300)
    a = ap.parse_args()
    d = a.dir
    subprocess.run(["git", "-C", d, "init", "-q", "-b", "main"], check=True)
    files = []
    for folder in ["partners", "leaders", "matches", "sessions", "reflections"]:
        files += [f"{folder}/{name}" for name in sorted(os.listdir(os.path.join(d, folder)))]
    # Records in the order a team adds them: a little of every kind in each batch.
    files.sort(key=lambda p: (zlib.crc32(os.path.basename(p).encode()) & 0xffff, p))
    batches = [["vfi.yaml"]] + [files[i::a.commits - 1] for i in range(a.commits - 1)]
    stream = []
    when = 1546344000  # 2019-01-01 12:00 UTC, a day apart each
    for i, batch in enumerate(batches):
        msg = b"records"
        when += 86400
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench Coordinator <bench@example.org> %d +0000\n" % when)
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        for path in batch:
            with open(os.path.join(d, path), "rb") as f:
                data = f.read()
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    subprocess.run(["git", "-C", d, "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", d, "reset", "-q"], check=True)
    subprocess.run(["git", "-C", d, "gc", "-q"], check=True)
    status = subprocess.run(["git", "-C", d, "status", "--porcelain"], check=True,
                            capture_output=True, text=True).stdout
    assert status == "", status[:2000]
    print("%s: %d files in %d commits" % (d, len(files) + 1, len(batches)))


if __name__ == "__main__":
    main()
