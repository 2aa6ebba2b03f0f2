#!/usr/bin/env python3
"""Generate the CMS-reference conformance corpus: claims answered by the CMS Java MS-DRG grouper
43.1 and MCE 2.0 (`cmsref`, in the kit's reference-java/).

Dev-time only: `scripts/oracle/cms.sh` runs it (about a minute). Committed are this script and its output,
tests/fixtures/cms/v{430,431}.jsonl: one line a claim, {"claim", "expected"} (CMS's answer in
cmsref's vocabulary). The jars are never committed.

Claims are drawn with a fixed seed from the kit's reference tables (msdrg/reference), so the
corpus is reproducible. Per version:

- formula-driven: for every DRG formula row of the version, a claim built to reach it (a PDX,
  secondary diagnoses and procedures carrying the attributes the formula names), so every
  MDC, pre-MDC row, surgical family, newborn, HIV and multiple-trauma row is exercised, with
  random extra secondary diagnoses weighted towards CC/MCC codes;
- realistic claims of every MDC with ages, sexes and discharge statuses as a feed has them
  (deaths, transfers, AMA);
- the edges a real feed contains: ages 0-999 (and below 0); codes of every length and shape
  (truncated to headers, extended past 7 characters, letters swapped in, PCS codes as
  diagnoses and diagnosis codes as procedures, codes deleted before or added after the
  version, lower case); every POA value (Y N U W 1 blank, lower case, other characters);
  every discharge status 00-99; HAC codes with every POA mix under each hospital status
  (NON_EXEMPT, EXEMPT, UNKNOWN); `mccalive` codes with deaths; `ornec` procedures; long stays
  and ventilation of 96+ hours with every stay of 0-10 days; admitting diagnoses;
- MCE flags: for every MCE flag valid on the date, codes with it as PDX and as secondary
  diagnosis at ages inside and outside the age groups, procedures with their coverage partners.

Codes go to CMS in the claim schema's canonical form (upper or lower case, no dots, no spaces):
Codeglass also accepts dotted codes, which the CMS software does not; that normalisation is
Codeglass's own and is tested elsewhere.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import claim_parts  # noqa: E402  shared with the other generator

VERSIONS = {430: ("2025-10-01", "2026-03-31"), 431: ("2026-04-01", "2026-09-30")}
POA_COMMON = ["Y"] * 8 + ["N", "N", "U", "W", "1", ""]
POA_ALL = ["Y", "N", "U", "W", "1", "", "y", "n", "u", "w", "X", "0", "Z", "2"]
DSTAT_COMMON = ["01"] * 14 + ["02", "03", "03", "04", "05", "06", "06", "06", "07", "20", "20", "21", "43",
                              "50", "51", "61", "62", "63", "64", "65", "66", "69", "70", "81", "82", "84", "85",
                              "86", "87", "88", "89", "90", "91", "92", "93", "94", "95"]
HOSPITALS = ["NON_EXEMPT", "EXEMPT", "UNKNOWN"]
SPECIAL = {"ANYDX", "ORPROC", "BILATERAL", "MULTST", "FOUR_STENTS", "FOUR_VESSELS", "MULTFUSE", "SINGLEFUSIONCTR",
           "SGLANTSECTXCTR", "SGLANTCTR", "SGLPOSTFUSECTR", "SGLPOST1CTR", "MDC_20_FALL_THRU", "INVALID_DSTAT",
           "INVALID_PDX", "INVALID_SEX", "PDX_ECODE", "DIED", "AMA", "ALIVE", "XFRNBA", "ERRORDRG", "MCC", "CC",
           "FOUR_DRUG_ELUTING_STENTS", "FOUR_NON_DRUG_ELUTING_STENTS"}


def rows(ref, name):
    with open(ref / name, newline="") as f:
        yield from csv.DictReader(f)


def in_version(r, v):
    return int(r["version_start"]) <= v <= int(r["version_end"])


def atoms(formula):
    """The positive atoms of a formula: (prefix or None, name)."""
    out = []
    for tok in formula.replace("(", " ( ").replace(")", " ) ").split():
        if tok in ("&", "|", "(", ")"):
            continue
        if tok.startswith("~"):
            continue  # a negated atom is not something to put on the claim
        prefix, _, name = tok.rpartition(":")
        out.append((prefix or None, name))
    return out


class Corpus:
    def __init__(self, v, ref, seed):
        self.v = v
        self.rng = random.Random(seed * 1000 + v)
        self.dx = {}
        self.dx_other_versions = set()
        for r in rows(ref, "dx_attributes.csv"):
            if in_version(r, v):
                self.dx[r["code"]] = r
            else:
                self.dx_other_versions.add(r["code"])
        self.dx_other_versions -= set(self.dx)
        self.pr = {}
        self.pr_other_versions = set()
        for r in rows(ref, "pr_attributes.csv"):
            if r["code"].startswith("Z@"):
                continue
            if in_version(r, v):
                self.pr[r["code"]] = r["attributes"].split()
            else:
                self.pr_other_versions.add(r["code"])
        self.pr_other_versions -= set(self.pr)
        self.formulas = [r for r in rows(ref, "drg_formulas.csv") if in_version(r, v)]
        self.gender = {r["code"] for r in rows(ref, "dx_gender_mdc.csv") if in_version(r, v)}
        self.dx_by_attr = defaultdict(list)
        self.by_mdc = defaultdict(list)
        for code, r in sorted(self.dx.items()):
            self.by_mdc[int(r["mdc"])].append(code)
            for col in ("attributes", "hac_attributes", "dxcat_attributes"):
                for a in r[col].split():
                    self.dx_by_attr[a].append(code)
        self.pr_by_attr = defaultdict(list)
        for code, attrs in sorted(self.pr.items()):
            for a in attrs:
                self.pr_by_attr[a].append(code)
        self.pr_codes = sorted(self.pr)
        self.cc = sorted(c for c, r in self.dx.items() if r["severity"] in ("CC", "MCC"))
        self.hac = sorted(c for c, r in self.dx.items() if r["hac_attributes"])
        self.mccalive = self.dx_by_attr.get("mccalive", [])
        self.ornec = sorted(c for c, a in self.pr.items() if "ornec" in a and "d468" not in a and "d477" not in a)
        self.claims = []
        self.n = 0
        lo, hi = VERSIONS[v]
        self.dates = [lo, hi] + [f"{y}-{m:02d}-{d:02d}" for y, m, d in self._months(lo, hi)]

    @staticmethod
    def _months(lo, hi):
        y, m = int(lo[:4]), int(lo[5:7])
        while f"{y}-{m:02d}" <= hi[:7]:
            yield y, m, 15
            m += 1
            if m == 13:
                y, m = y + 1, 1

    def pick(self, seq):
        return self.rng.choice(seq) if seq else None

    def sex_for(self, pdx):
        if pdx in self.gender:
            return self.rng.choice(["M", "F"])
        return self.rng.choice(["M", "F", "F", "M", "U"])

    def age_for(self, mdc):
        if mdc == 15:
            return 0
        if mdc == 14:
            return self.rng.randint(16, 44)
        return self.rng.choice([self.rng.randint(18, 64), self.rng.randint(65, 95), self.rng.randint(65, 95),
                                self.rng.randint(0, 17)])

    def add(self, pdx, sdx=(), procs=(), age=None, sex=None, dstat=None, los=None, poa=None, pdx_poa="Y",
            admit=None, hospital=None, date=None):
        """One claim; `sdx` items are codes or (code, poa) pairs."""
        self.n += 1
        mdc = int(self.dx[pdx]["mdc"]) if pdx in self.dx else 0
        c = {
            "id": f"v{self.v}-{self.n:05d}",
            "discharge_date": date or self.pick(self.dates),
            "age": self.age_for(mdc) if age is None else age,
            "sex": sex or self.sex_for(pdx),
            "discharge_status": dstat or self.pick(DSTAT_COMMON),
            "los": self.rng.randint(1, 14) if los is None else los,
            "pdx": {"code": pdx, "poa": pdx_poa},
            "admit_dx": {"code": admit, "poa": ""} if admit is not None else None,
            "sdx": [{"code": s[0], "poa": s[1]} if isinstance(s, tuple) else
                    {"code": s, "poa": self.pick(POA_COMMON) if poa is None else poa} for s in sdx][:24],
            "procedures": [{"code": p} for p in procs][:25],
        }
        if c["los"] == -1:
            del c["los"]
        if hospital in ("EXEMPT", "UNKNOWN"):  # NOT_EXEMPT is the default, as in cmsref
            c["hospital_status"] = hospital
        self.claims.append(c)
        return c

    def secondaries(self, mdc, k):
        return claim_parts.secondaries(self.rng, self.cc, self.by_mdc, mdc, k)

    def procs_random(self, k):
        return [self.pick(self.pr_codes) for _ in range(k)]

    # ---- the kinds of claims ------------------------------------------------------------

    def formula_driven(self, repeats):
        """A claim for every formula row: the attributes it names put on the claim."""
        for row in self.formulas:
            mdc = int(row["mdc"])
            for _ in range(repeats):
                pdx, sdx, procs, dstat = None, [], [], None
                for prefix, name in atoms(row["formula"]):
                    if name in SPECIAL or name.startswith("MDC") or name.isdigit():
                        if name == "DIED":
                            dstat = "20"
                        elif name == "AMA":
                            dstat = "07"
                        elif name == "XFRNBA":
                            dstat = self.pick(["02", "05", "66"])
                        elif name == "ORPROC":
                            procs.append(self.pick(self.pr_by_attr.get("d468") or self.pr_codes))
                        continue
                    if prefix == "PDX":
                        pdx = self.pick(self.dx_by_attr.get(name)) or pdx
                    elif prefix in ("SDX", "ANY"):
                        code = self.pick(self.dx_by_attr.get(name))
                        if code:
                            sdx.append(code)
                    elif prefix is None and name in self.pr_by_attr:
                        procs.append(self.pick(self.pr_by_attr[name]))
                    elif prefix is None and name in self.dx_by_attr:
                        sdx.append(self.pick(self.dx_by_attr[name]))
                    if self.rng.random() < 0.35:
                        break  # the first term of an "or" is often enough; mix shorter claims in
                if pdx is None:
                    pdx = self.pick(self.by_mdc.get(mdc) or self.by_mdc[5])
                sdx += self.secondaries(mdc, self.rng.randint(0, 4))
                self.add(pdx, list(dict.fromkeys(sdx)), procs + self.procs_random(self.rng.choice([0, 0, 0, 1])),
                         dstat=dstat)

    def realistic(self, per_mdc):
        for mdc in sorted(self.by_mdc):
            for _ in range(per_mdc):
                pdx = self.pick(self.by_mdc[mdc])
                self.add(pdx, self.secondaries(mdc, self.rng.randint(0, 8)),
                         self.procs_random(self.rng.choice([0, 0, 1, 1, 2, 3])))

    def edges(self):
        rng = self.rng
        valid_dx = sorted(self.dx)
        # Ages across the range and beyond it, on claims whose codes have age flags.
        for age in [-5, -1, 0, 1, 2, 9, 10, 14, 15, 16, 17, 18, 55, 64, 65, 100, 123, 124, 125, 126, 131, 150, 200,
                    500, 998, 999]:
            for _ in range(3):
                mdc = rng.choice([14, 15, 5, 4, 19])
                pdx = self.pick(self.by_mdc[mdc])
                self.add(pdx, self.secondaries(mdc, 2), self.procs_random(rng.choice([0, 1])), age=age)
        # Codes of every length and shape, as PDX, secondary diagnosis, procedure and admitting dx.
        def shapes(code):
            return [code[:1], code[:2], code[:3], code[:4], code[:5], code[:6], code + "X", code + "0", code + "XX",
                    code + "1234", code[:-1] + "Z", code.lower(), code[::-1], code[:3] + "-" + code[3:],
                    "0" * len(code), "ZZZ" + code[3:], code + "A" * (10 - len(code))]
        for _ in range(60):
            code = self.pick(valid_dx)
            weird = rng.choice(shapes(code))
            mdc = int(self.dx[code]["mdc"])
            where = rng.choice(["pdx", "sdx", "proc", "admit"])
            if where == "pdx":
                self.add(weird, self.secondaries(mdc, 2), [])
            elif where == "sdx":
                self.add(self.pick(self.by_mdc[mdc]), [weird] + self.secondaries(mdc, 2), [])
            elif where == "proc":
                p = self.pick(self.pr_codes)
                self.add(self.pick(self.by_mdc[mdc]), self.secondaries(mdc, 1), [rng.choice(shapes(p)), p])
            else:
                self.add(self.pick(self.by_mdc[mdc]), self.secondaries(mdc, 1), [], admit=weird)
        for _ in range(20):
            p = self.pick(self.pr_codes)
            self.add(p, self.secondaries(5, 2), [])                                     # a PCS code as PDX
            self.add(self.pick(self.by_mdc[5]), [p] + self.secondaries(5, 1), [])      # ... as secondary
            self.add(self.pick(self.by_mdc[4]), self.secondaries(4, 1), [self.pick(valid_dx)])  # dx as procedure
        other_dx, other_pr = sorted(self.dx_other_versions), sorted(self.pr_other_versions)
        for _ in range(30):  # codes valid in another version only (deleted or added later)
            if other_dx:
                self.add(self.pick(other_dx), self.secondaries(5, 2), [])
                self.add(self.pick(self.by_mdc[5]), [self.pick(other_dx)] + self.secondaries(5, 2), [])
            if other_pr:
                self.add(self.pick(self.by_mdc[6]), self.secondaries(6, 2), [self.pick(other_pr)])
        for _ in range(10):  # headers
            code = self.pick(valid_dx)
            self.add(code[:3], self.secondaries(5, 2), [])
            self.add(self.pick(self.by_mdc[5]), [code[:3], code[:4]], [])
        self.add("", self.secondaries(5, 2), [])                                          # empty codes
        self.add(self.pick(self.by_mdc[5]), ["", self.pick(self.cc)], [])
        self.add(self.pick(self.by_mdc[5]), self.secondaries(5, 2), [], admit="")
        # Every POA value on CC/MCC and HAC codes, and on the PDX.
        for poa in POA_ALL:
            for _ in range(4):
                self.add(self.pick(self.by_mdc[4]), self.secondaries(4, 3), [], poa=poa)
                self.add(self.pick(self.by_mdc[4]), [self.pick(self.hac), self.pick(self.cc)], [], poa=poa)
            self.add(self.pick(self.by_mdc[5]), self.secondaries(5, 2), [], pdx_poa=poa)
        # Every discharge status 00-99, on every kind of list (AMI alive/died, newborn, pre-MDC).
        for d in range(100):
            ds = f"{d:02d}"
            for mdc in (5, 15, 4, 0):
                if mdc == 0:
                    procs = [self.pick(self.pr_by_attr.get("nonextrac") or self.pr_by_attr.get("trach") or self.pr_codes)]
                    self.add(self.pick(self.by_mdc[4]), self.secondaries(4, 2), procs, dstat=ds)
                else:
                    pool = self.dx_by_attr.get("ami") if mdc == 5 and self.rng.random() < 0.6 else self.by_mdc[mdc]
                    self.add(self.pick(pool), self.secondaries(mdc, 2), [], dstat=ds)
        # mccalive codes with deaths and without.
        for code in self.mccalive:
            for ds in ("20", "20", "01", "41", "42"):
                mdc = self.rng.choice([4, 5, 6, 18])
                self.add(self.pick(self.by_mdc[mdc]), [code] + self.secondaries(mdc, self.rng.randint(0, 2)), [],
                         dstat=ds)
        # ornec procedures, alone and with O.R. procedures.
        for code in self.ornec:
            for _ in range(3):
                self.add(self.pick(self.by_mdc[5]), self.secondaries(5, 2),
                         [code] + self.procs_random(self.rng.choice([0, 1])))
        # Long stays and ventilation of 96+ hours (MCE), every stay 0-10 and longer.
        vent = sorted(set(self.pr_by_attr.get("vent96") or []) | {"5A1955Z"})
        for los in list(range(0, 11)) + [30, 120, 400, -1]:
            for code in vent[:2]:
                self.add(self.pick(self.by_mdc[4]), self.secondaries(4, 2), [code], los=los)

    def hac_mixes(self):
        """HAC codes with every POA mix; the claims are run under each hospital status."""
        out = []
        lists = defaultdict(list)
        for code in self.hac:
            for a in self.dx[code]["hac_attributes"].split():
                lists[a].append(code)
        for name, codes in sorted(lists.items()):
            for code in self.rng.sample(codes, min(4, len(codes))):
                for poa in ["Y", "N", "U", "W", "1", "", "X"]:
                    procs = []
                    m = name[:5].lower()  # hacNN_proc partners
                    if f"{m}_proc" in self.pr_by_attr and self.rng.random() < 0.8:
                        procs.append(self.pick(self.pr_by_attr[f"{m}_proc"]))
                    pdx = self.pick(self.dx_by_attr.get("hac11_pdx")) if m == "hac11" else self.pick(self.by_mdc[4])
                    out.append((pdx, [(code, poa)] + self.secondaries(4, 1), procs))
        # HAC 06: catheter UTI and UTI codes, every POA pair.
        cath, uti = self.dx_by_attr.get("hac06_sdx", []), self.dx_by_attr.get("hac06_show", [])
        for a in ["Y", "N", "U", "W", "1", ""]:
            for b in ["Y", "N", "U", "W", "1", ""]:
                out.append((self.pick(self.by_mdc[11]), [(self.pick(cath), a), (self.pick(uti), b)], []))
        # Several HAC codes on one claim with mixed POA.
        for _ in range(40):
            out.append((self.pick(self.by_mdc[4]), [(self.pick(self.hac), self.pick(POA_ALL[:7])) for _ in range(3)],
                        self.procs_random(self.rng.choice([0, 1]))))
        for hospital in HOSPITALS:
            for pdx, sdx, procs in out:
                self.add(pdx, sdx, procs, hospital=hospital)

    def mce_flags(self, ref, per_flag):
        """For every MCE flag valid on a date of the version: codes with it as PDX and as
        secondary diagnosis at ages in and out of the groups; procedures with their partners."""
        masters = {}
        for name in ("mce_dx_master.csv", "mce_pr_master.csv"):
            m = defaultdict(list)
            for r in rows(ref, name):
                if r["icd"] == "10":
                    m[r["code"]].append(r)
            masters[name] = m
        date = VERSIONS[self.v][0][:8] + "20"

        def by_flag(master):
            flags = defaultdict(list)
            for code, rs in master.items():
                for r in rs:
                    if r["date_from"] <= date and (r["date_through"] == "" or date <= r["date_through"]):
                        for fl in r["flags"].split():
                            flags[fl].append(code)
            return {k: sorted(set(v)) for k, v in flags.items()}
        dflags, pflags = by_flag(masters["mce_dx_master.csv"]), by_flag(masters["mce_pr_master.csv"])
        ages = [0, 5, 12, 16, 30, 62, 70, 100, 130]
        plain = "I5023"
        for fl, codes in sorted(dflags.items()):
            for code in self.rng.sample(codes, min(per_flag, len(codes))):
                self.add(code, self.secondaries(5, self.rng.randint(0, 1)), [], age=self.pick(ages),
                         sex=self.pick(["M", "F", "U"]), date=date)
                self.add(plain, [code], [], age=self.pick(ages), date=date)
        partner = lambda fl: self.pick(dflags.get(fl))  # noqa: E731
        for fl, codes in sorted(pflags.items()):
            for code in self.rng.sample(codes, min(per_flag, len(codes))):
                self.add(plain, [], [code], age=self.pick(ages), los=self.rng.randint(0, 10), date=date)
                partners = [p for p in (partner(x) for x in ("diabtypeI", "clintrial", "delout", "ncov6", "ncov_z302")) if p]
                kidney = self.pick(pflags.get("kidneyxp"))
                self.add(plain, self.rng.sample(partners, min(2, len(partners))),
                         [code] + ([kidney] if kidney and self.rng.random() < 0.5 else []),
                         age=self.pick(ages), los=self.rng.randint(0, 10), date=date)


def cmsref(cmsref_path, claims, hospital):
    env = dict(os.environ, CMSREF_HOSPITAL=hospital)
    text = "".join(json.dumps(to_neutral(c)) + "\n" for c in claims)
    out = subprocess.run([sys.executable, str(cmsref_path)], input=text, capture_output=True, text=True, env=env,
                         check=True).stdout
    return {j["id"]: j["expected"] for j in map(json.loads, out.splitlines())}


def to_neutral(c):
    """cmsref's claim schema: no hospital status (it is a run option)."""
    return {k: v for k, v in c.items() if k != "hospital_status"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cms", type=Path, required=True, help="the CMS kit folder (with msdrg/reference, reference-java)")
    ap.add_argument("--out", type=Path, required=True, help="fixtures folder")
    ap.add_argument("--seed", type=int, default=20261206)
    a = ap.parse_args()
    ref = a.cms / "msdrg/reference"
    tool = a.cms / "reference-java/cmsref"
    a.out.mkdir(parents=True, exist_ok=True)
    for v in VERSIONS:
        corpus = Corpus(v, ref, a.seed)
        corpus.formula_driven(repeats=2)
        corpus.realistic(per_mdc=50)
        corpus.edges()
        corpus.hac_mixes()
        corpus.mce_flags(ref, per_flag=4)
        expected = {}
        for hospital in HOSPITALS:
            group = [c for c in corpus.claims if c.get("hospital_status", "NON_EXEMPT") == hospital]
            if group:
                expected.update(cmsref(tool, group, hospital))
        path = a.out / f"v{v}.jsonl"
        with open(path, "w") as f:
            for c in corpus.claims:
                if c.get("admit_dx") is None:
                    c.pop("admit_dx", None)
                f.write(json.dumps({"claim": c, "expected": expected[c["id"]]}, separators=(",", ":")) + "\n")
        print(f"{path}: {len(corpus.claims)} claims", file=sys.stderr)


if __name__ == "__main__":
    main()
