#!/usr/bin/env python3
"""The reference a team would otherwise write: load every record of a vfi data directory with
PyYAML's C loader and print a summary (partners by status, leaders by cohort and status,
matches by status, sessions held / cancelled / no-show, hours, other involvement by type).

  reference_summary.py DIR
"""
import collections
import os
import sys

import yaml

try:
    Loader = yaml.CLoader
except AttributeError:
    sys.exit("PyYAML has no C loader here: install Debian's python3-yaml")


def load(root, folder):
    path = os.path.join(root, folder)
    out = []
    for name in sorted(os.listdir(path)):
        if name.endswith(".yaml") and not name.startswith("."):
            with open(os.path.join(path, name), encoding="utf-8") as f:
                out.append(yaml.load(f, Loader=Loader))
    return out


def main():
    root = sys.argv[1]
    partners, leaders = load(root, "partners"), load(root, "leaders")
    matches, sessions = load(root, "matches"), load(root, "sessions")
    reflections = load(root, "reflections")
    print("partners by status:", dict(collections.Counter(p["status"] for p in partners)))
    grid = collections.Counter((l.get("cohort", ""), l["status"]) for l in leaders)
    print("leaders by cohort and status:", len(grid), "cells")
    print("matches by status:", dict(collections.Counter(m["status"] for m in matches)))
    coaching = [s for s in sessions if s.get("type", "coaching") == "coaching"]
    print("coaching sessions:", dict(collections.Counter(s["status"] for s in coaching)))
    minutes = sum(s.get("minutes", 0) for s in coaching if s["status"] == "held")
    print(f"hours of coaching: {minutes / 60:.1f}")
    other = collections.Counter()
    for s in sessions:
        if s.get("type", "coaching") != "coaching" and s["status"] == "held":
            other[s["type"]] += s.get("minutes", 0)
    print("other involvement minutes:", dict(other))
    print("reflections:", len(reflections))


if __name__ == "__main__":
    main()
