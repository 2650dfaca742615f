#!/usr/bin/env python3
"""Writes a synthetic vfi programme (fictional people, fixed seed) for the benchmarks.

  generate.py matching DIR [--leaders 1000] [--partners 200] [--capacity 5]
      every leader waiting, every partner active and trained: the match suggest benchmark.
"""
import argparse
import os
import random

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REGIONS = ["north-east", "north-west", "yorkshire-and-the-humber", "east-midlands", "west-midlands",
           "east-of-england", "london", "south-east", "south-west"]
TAGS = ["co-production", "carers", "mental-health", "health-inequalities", "workforce", "housing",
        "digital", "accessibility", "dementia", "long-term-conditions", "autism", "rehabilitation"]
LIVED = ["unpaid-carer", "mental-health", "sickle-cell", "diabetes", "stroke", "autism", "long-covid"]
MODES = [["online"], ["online", "phone"], ["online", "in-person"], ["phone"], ["in-person"], ["online", "phone", "in-person"]]
FIRST = ["Alex", "Beth", "Chris", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lee", "Mo", "Nia",
         "Oli", "Pam", "Raj", "Sam", "Tam", "Uma", "Vic", "Wyn", "Yas", "Zed"]
LAST = ["Ashdown", "Brook", "Crane", "Dale", "Elm", "Fern", "Glen", "Heath", "Ivy", "Jay", "Kerr", "Lark",
        "Moss", "Nash", "Oak", "Pike", "Reed", "Shaw", "Thorn", "Vale", "Wren", "York"]


class Ids:
    def __init__(self, rng):
        self.rng, self.used = rng, set()

    def new(self, prefix):
        while True:
            i = prefix + "-" + "".join(self.rng.choice(ALPHABET) for _ in range(6))
            if i not in self.used:
                self.used.add(i)
                return i


def flow(items):
    return "[" + ", ".join(items) + "]"


def write(root, folder, rid, lines):
    with open(os.path.join(root, folder, rid + ".yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")


def settings(root):
    os.makedirs(root, exist_ok=True)
    for folder in ["partners", "leaders", "matches", "sessions", "reflections"]:
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    with open(os.path.join(root, "vfi.yaml"), "w") as f:
        f.write("vfi: 1\nprogramme: Synthetic Programme\ngit:\n  autocommit: false\n"
                "matching:\n  weights: {focus: 3, lived_experience: 2, region: 1, balance: 1}\n")


def matching(args):
    rng = random.Random(20221117)
    ids = Ids(rng)
    settings(args.dir)
    for _ in range(args.partners):
        pid = ids.new("P")
        write(args.dir, "partners", pid, [
            f"id: {pid}", f"name: {rng.choice(FIRST)} {rng.choice(LAST)}", "status: active", "joined: 2022-02-14",
            f"lived_experience: {flow(rng.sample(LIVED, 2))}", f"interests: {flow(rng.sample(TAGS, 3))}",
            f"region: {rng.choice(REGIONS)}", f"modes: {flow(rng.choice(MODES))}", f"capacity: {args.capacity}",
            "training:", "  completed: 2022-02-09"])
    for n in range(args.leaders):
        lid = ids.new("L")
        write(args.dir, "leaders", lid, [
            f"id: {lid}", f"name: {rng.choice(FIRST)} {rng.choice(LAST)}", f"organisation: Organisation {n % 150}",
            "status: waiting", f"enquired: 2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
            f"focus: {flow(rng.sample(TAGS + LIVED, 3))}", f"region: {rng.choice(REGIONS)}",
            f"modes: {flow(rng.choice(MODES))}"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="scenario", required=True)
    m = sub.add_parser("matching")
    m.add_argument("dir")
    m.add_argument("--leaders", type=int, default=1000)
    m.add_argument("--partners", type=int, default=200)
    m.add_argument("--capacity", type=int, default=5)
    args = parser.parse_args()
    if args.scenario == "matching":
        matching(args)


if __name__ == "__main__":
    main()
