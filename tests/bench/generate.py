#!/usr/bin/env python3
"""Writes a synthetic vfi programme (fictional people, fixed seed) for the benchmarks.

  generate.py matching DIR [--leaders 1000] [--partners 200] [--capacity 5]
      every leader waiting, every partner active and trained: the match suggest benchmark.
  generate.py national DIR [--scale 1.0]
      a national programme over eight years: 2,000 partners, 5,000 leaders, about 4,000
      matches, 22,000 sessions and 8,000 reflections at scale 1 (about 41,000 files), every
      field of the record format, statuses and dates consistent with each other (vfi check
      passes with VFI_TODAY=2026-11-23).
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
                "matching:\n  weights: {focus: 3, lived_experience: 2, region: 1, balance: 1}\n"
                "reports:\n  disclosure_key: 0123456789abcdef0123456789abcdef\n")


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


ETHNICITY = ["asian-bangladeshi", "asian-chinese", "asian-indian", "asian-pakistani", "black-african",
             "black-caribbean", "mixed-white-and-black-caribbean", "white-british", "white-irish", "white-other",
             "other-arab", "prefer-not-to-say"]
AGES = ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-plus"]
GENDERS = ["woman", "man", "non-binary", "prefer-not-to-say"]
DISABILITY = ["yes-limited-a-lot", "yes-limited-a-little", "no", "prefer-not-to-say"]
CARER = ["none", "1-9", "10-19", "20-34", "35-49", "50-plus"]
SECTORS = ["nhs", "local-authority", "vcse", "national-body", "other"]
THEMES = ["philosophy", "people", "power", "patience", "product", "co-production"]
ROLES = ["lived-experience-partner", "co-learning-partner", "advisory-group", "check-and-challenge"]
MODULES = ["coaching-skills", "mentoring", "safeguarding", "co-production"]
OTHER_TYPES = ["advisory-group", "check-and-challenge", "interview-panel", "co-design", "training"]


def day(n):
    """The date n days after 2019-01-01, as YYYY-MM-DD."""
    import datetime
    return (datetime.date(2019, 1, 1) + datetime.timedelta(days=n)).isoformat()


LAST_DAY = 2860  # 2026-10-31: nothing is dated later


def national(args):
    rng = random.Random(20261123)
    ids = Ids(rng)
    settings(args.dir)
    with open(os.path.join(args.dir, "vfi.yaml"), "a") as f:
        f.write("vocabularies:\n  themes: [co-production]\n")
        f.write("payments:\n  currency: GBP\n  rates:\n    - from: 2019-01-01\n      session: 50\n"
                "      prep_minutes: 30\n      hourly: 25\n"
                "  limits:\n    - rule: esa-permitted-work\n      from: 2024-04-08\n"
                "      weekly_pay_up_to: 183.50\n      weekly_hours_under: 16\n"
                "    - rule: carers-allowance\n      from: 2024-04-08\n      weekly_pay_up_to: 151.00\n"
                "  mileage:\n    - from: 2019-01-01\n      per_mile: 0.45\n")
    # Some partners declared a weekly limit on earnings: drawn from a stream of their own, so
    # the rest of the set is the same as before limits existed.
    limit_rng = random.Random(17)
    # A fifth of coaching sessions carry an expense claim, from a stream of their own too.
    expense_rng = random.Random(29)
    n_partners, n_leaders = int(2000 * args.scale), int(5000 * args.scale)
    n_matches, n_reflections = int(4000 * args.scale), int(8000 * args.scale)

    # Partners: who can hold a running match (active or paused) and how many.
    partners = []
    for _ in range(n_partners):
        status = rng.choices(["enquiry", "training", "active", "paused", "alumni", "withdrawn"],
                             [4, 4, 72, 5, 10, 5])[0]
        partners.append({"id": ids.new("P"), "status": status, "capacity": rng.randint(2, 4), "running": 0})
    holders = [p for p in partners if p["status"] in ("active", "paused")]
    any_trained = [p for p in partners if p["status"] not in ("enquiry", "training")]

    # Matches: running (active, paused) within capacity; completed and ended in the past.
    leaders = [{"id": ids.new("L"), "status": None, "match": None} for _ in range(n_leaders)]
    matches = []
    for i in range(min(n_matches, n_leaders)):
        leader = leaders[i]
        status = rng.choices(["active", "paused", "completed", "ended", "proposed"], [42, 5, 43, 7, 3])[0]
        if status in ("active", "paused", "proposed"):
            free = [p for p in rng.sample(holders, min(len(holders), 8)) if p["running"] < p["capacity"]]
            if not free:
                status = "completed"
            else:
                partner = free[0]
                partner["running"] += 1
        if status in ("completed", "ended"):
            partner = rng.choice(any_trained)
        if status in ("active", "paused"):
            proposed = rng.randint(2000, 2780)
        elif status == "proposed":
            proposed = rng.randint(2800, 2850)
        else:
            proposed = rng.randint(200, 2500)
        started = proposed + rng.randint(5, 25)
        ended = started + rng.randint(150, 330) if status in ("completed", "ended") else None
        leader["status"] = {"active": "matched", "paused": "matched", "proposed": "waiting",
                            "completed": "completed", "ended": "waiting"}[status]
        leader["enquired"] = proposed - rng.randint(10, 60)
        m = {"id": ids.new("M"), "partner": partner["id"], "leader": leader["id"], "status": status,
             "proposed": proposed, "started": None if status == "proposed" else started, "ended": ended}
        leader["match"] = m
        matches.append(m)
    for leader in leaders[len(matches):]:
        leader["status"] = rng.choice(["enquiry", "waiting", "withdrawn"])
        leader["enquired"] = rng.randint(100, 2840)

    for p in partners:
        joined = rng.randint(0, 150)
        lines = [f"id: {p['id']}", f"name: {rng.choice(FIRST)} {rng.choice(LAST)}",
                 f"preferred_name: {rng.choice(FIRST)}", f"pronouns: {rng.choice(['she/her', 'he/him', 'they/them'])}",
                 f"status: {p['status']}"]
        if p["status"] not in ("enquiry", "training"):
            lines.append(f"joined: {day(joined)}")
        if p["status"] in ("alumni", "withdrawn"):
            lines += [f"left: {day(2855)}", "left_reason: Moved on to a new role"]
        lines += [f"roles: {flow(rng.sample(ROLES, 2))}", f"lived_experience: {flow(rng.sample(LIVED, 2))}",
                  f"interests: {flow(rng.sample(TAGS, 3))}", f"region: {rng.choice(REGIONS)}",
                  f"modes: {flow(rng.choice(MODES))}", f"capacity: {p['capacity']}", "training:",
                  f"  cohort: lep-{2019 + joined % 3}"]
        if p["status"] != "enquiry" and p["status"] != "training":
            lines.append(f"  completed: {day(max(0, joined - 5))}")
        lines += [f"  modules: {flow(MODULES)}", "access_needs: Materials two days ahead", "contact:",
                  f"  email: {p['id'].lower()}@example.org", '  phone: "07700 900000"', "consent:",
                  f"  data: {day(max(0, joined - 10))}", f"  quotes: {rng.choice(['true', 'false'])}",
                  f"  equality: {rng.choice(['true', 'true', 'false'])}", "equality:",
                  f'  age_band: "{rng.choice(AGES)}"', f"  ethnicity: {rng.choice(ETHNICITY)}",
                  f"  gender: {rng.choice(GENDERS)}", f"  disability: {rng.choice(DISABILITY)}",
                  f'  carer: "{rng.choice(CARER)}"', f"  imd_decile: {rng.randint(1, 10)}", '  imd_edition: "2019"',
                  "payment:", f"  eligible: {rng.choice(['true', 'true', 'true', 'false'])}"]
        draw = limit_rng.random()
        if draw < 0.15:
            lines += ["  limit:", "    rule: " + ("esa-permitted-work" if draw < 0.1 else "carers-allowance")]
        lines += ["notes: Synthetic record for the benchmarks."]
        write(args.dir, "partners", p["id"], lines)

    for n, leader in enumerate(leaders):
        write(args.dir, "leaders", leader["id"], [
            f"id: {leader['id']}", f"name: {rng.choice(FIRST)} {rng.choice(LAST)}", "title: Director of Strategy",
            f"organisation: Organisation {n % 400}", f"sector: {rng.choice(SECTORS)}", f"region: {rng.choice(REGIONS)}",
            f"cohort: cohort-{2019 + leader['enquired'] // 365}", f"status: {leader['status']}",
            f"enquired: {day(max(0, leader['enquired']))}", "goals: Lead with people, not for them",
            f"focus: {flow(rng.sample(TAGS + LIVED, 3))}", f"modes: {flow(rng.choice(MODES))}",
            "preferences: Someone who has used community services", "contact:",
            f"  email: {leader['id'].lower()}@example.org", "notes: Synthetic record."])

    sessions = 0
    for m in matches:
        lines = [f"id: {m['id']}", f"partner: {m['partner']}", f"leader: {m['leader']}", f"status: {m['status']}",
                 f"proposed: {day(m['proposed'])}"]
        if m["started"] is not None:
            lines.append(f"started: {day(m['started'])}")
        if m["ended"] is not None:
            lines.append(f"ended: {day(m['ended'])}")
            if m["status"] == "ended":
                lines += ["end_category: leader-changed-role", "end_reason: Leader changed role"]
        lines += ["planned_sessions: 6", f"score: {rng.randint(1, 12)}", "reasons: [shared focus, both meet online]"]
        write(args.dir, "matches", m["id"], lines)
        if m["started"] is None:
            continue
        last = m["ended"] if m["ended"] is not None else LAST_DAY
        count = 6 if m["status"] == "completed" else rng.randint(3, 8)
        for k in range(count):
            sid = ids.new("S")
            date = min(last, m["started"] + 1 + k * max(1, (last - m["started"]) // (count + 1)))
            status = rng.choices(["held", "cancelled", "no-show"], [85, 10, 5])[0]
            lines = [
                f"id: {sid}", f"match: {m['id']}", f"date: {day(date)}", f"minutes: {rng.choice([45, 60, 90])}",
                f"mode: {rng.choice(['online', 'phone', 'in-person'])}", f"status: {status}",
                f"topics: {flow(rng.sample(THEMES, 2))}", "follow_ups: [Share the plan]",
                "notes: Synthetic session notes."]
            if expense_rng.random() < 0.2:
                lines += ["expenses:", f"  - partner: {m['partner']}"]
                if expense_rng.random() < 0.5:
                    lines += ["    kind: mileage", f"    miles: {expense_rng.randint(10, 400) / 10}"]
                else:
                    lines += ["    kind: travel", f"    amount: {expense_rng.randint(200, 4000) / 100:.2f}"]
                if expense_rng.random() < 0.9:
                    lines.append(f"    approved: {day(date)}")
            write(args.dir, "sessions", sid, lines)
            sessions += 1
    active = [p["id"] for p in partners if p["status"] in ("active", "paused")]
    for _ in range(int(600 * args.scale)):
        sid = ids.new("S")
        write(args.dir, "sessions", sid, [
            f"id: {sid}", f"type: {rng.choice(OTHER_TYPES)}", f"partners: {flow(rng.sample(active, 3))}",
            f"date: {day(rng.randint(200, LAST_DAY))}", "minutes: 120", "mode: online", "status: held"])

    started = [m for m in matches if m["started"] is not None]
    for _ in range(n_reflections):
        rid = ids.new("R")
        m = rng.choice(started)
        last = m["ended"] if m["ended"] is not None else LAST_DAY
        kind = rng.random()
        if kind < 0.15:
            lines = [f"id: {rid}", f"date: {day(rng.randint(200, LAST_DAY))}", "by: learning-partner",
                     "about: programme", f"stage: {rng.choice(['baseline', 'midpoint', 'end', 'ad-hoc'])}",
                     "changing: Leaders plan decisions with carers in the room.",
                     "how: Partners set the agenda.", "why: Payment and training for partners.",
                     "barriers: [Diary pressure, Confidentiality worries]",
                     "enablers: [Clear agreements, Paid time]", f"themes: {flow(rng.sample(THEMES, 2))}"]
        else:
            stage = rng.choice(["baseline", "end"])
            date = m["started"] if stage == "baseline" else last
            lines = [f"id: {rid}", f"date: {day(date)}", f"by: {m['leader']}", f"about: {m['id']}", f"stage: {stage}",
                     "changing: I now plan decisions with carers in the room.",
                     f"themes: {flow(rng.sample(THEMES, 2))}", "quotes:",
                     "  - text: My partner helped me see power in the room.",
                     f"    consent: {rng.choice(['true', 'false'])}", "scores:",
                     f"  confidence_coproduction: {rng.randint(1, 10)}",
                     f"  understanding_lived_experience: {rng.randint(1, 10)}"]
        write(args.dir, "reflections", rid, lines)
    print(f"{args.dir}: {n_partners} partners, {n_leaders} leaders, {len(matches)} matches, "
          f"{sessions + int(600 * args.scale)} sessions, {n_reflections} reflections")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="scenario", required=True)
    m = sub.add_parser("matching")
    m.add_argument("dir")
    m.add_argument("--leaders", type=int, default=1000)
    m.add_argument("--partners", type=int, default=200)
    m.add_argument("--capacity", type=int, default=5)
    n = sub.add_parser("national")
    n.add_argument("dir")
    n.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.scenario == "matching":
        matching(args)
    else:
        national(args)


if __name__ == "__main__":
    main()
