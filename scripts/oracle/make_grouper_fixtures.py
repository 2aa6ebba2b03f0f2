#!/usr/bin/env python3
"""Generate the MS-DRG differential corpus with the PyPI `msdrg` 1.2.0 oracle.

Dev-time only: the oracle is installed in a throwaway venv (scripts/oracle/run.sh), never
committed; what is committed is this script and its output, tests/fixtures/grouper/v{430,431,440}.jsonl.

Each line: {"claim": <claim in the Codeglass claim format>, "msdrg": <the oracle's result,
trimmed to the fields the conformance suite compares>}. Claims are drawn with a fixed seed from
the kit's reference tables (msdrg/reference), so the corpus is reproducible:

- every MDC 1-25: principal diagnoses of that MDC with secondary diagnoses weighted towards
  CC/MCC codes (and codes of the same MDC, to meet PDX exclusions), procedures that the MDC's
  formulas name (surgical DRGs) and random ones (unrelated OR, non-OR);
- pre-MDC: transplant, ECMO, tracheostomy, CAR-T and bone-marrow procedures;
- newborns (MDC 15, age 0), HIV (MDC 25), multiple significant trauma (MDC 24);
- HAC/POA: HAC secondary diagnoses with each POA value, HAC procedures, exempt hospitals;
- invalid input: unknown codes, external-cause PDX, sex conflicts, discharge statuses outside
  the CMS list (00, 08, 99), deaths with `mccalive` codes.

Known differences between msdrg 1.2.0 and the CMS grouper are listed in issue 7; the suite must
follow CMS there, so the raw oracle output is kept as is.
"""

import argparse
import csv
import json
import os
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import claim_parts  # noqa: E402  shared with the other generator

VERSIONS = {430: "2025-10-15", 431: "2026-05-15", 440: "2026-11-15"}
DSTATS = ["01"] * 12 + ["02", "03", "03", "06", "06", "07", "20", "62", "63", "65", "50", "51", "21", "43"]
POA = ["Y"] * 6 + ["N", "N", "U", "W", "1", ""]


def rows(ref, name):
    with open(ref / name, newline="") as f:
        yield from csv.DictReader(f)


def in_version(r, v):
    return int(r["version_start"]) <= v <= int(r["version_end"])


def load(ref, v):
    dx = {}
    for r in rows(ref, "dx_attributes.csv"):
        if in_version(r, v):
            dx[r["code"]] = r
    pr = {}
    for r in rows(ref, "pr_attributes.csv"):
        if in_version(r, v) and not r["code"].startswith("Z@"):
            pr[r["code"]] = r["attributes"].split()
    formulas = defaultdict(list)
    for r in rows(ref, "drg_formulas.csv"):
        if in_version(r, v):
            formulas[int(r["mdc"])].append(r["formula"])
    gender = {r["code"]: r for r in rows(ref, "dx_gender_mdc.csv") if in_version(r, v)}
    return dx, pr, formulas, gender


def names_in(formulas):
    out = set()
    for f in formulas:
        for tok in f.replace("(", " ").replace(")", " ").replace("~", " ").split():
            if tok not in ("&", "|") and ":" not in tok:
                out.add(tok)
    return out


class Corpus:
    def __init__(self, v, ref, seed):
        self.v = v
        self.rng = random.Random(seed * 1000 + v)
        self.dx, self.pr, self.formulas, self.gender = load(ref, v)
        self.by_mdc = defaultdict(list)
        for code, r in self.dx.items():
            self.by_mdc[int(r["mdc"])].append(code)
        for codes in self.by_mdc.values():
            codes.sort()
        self.cc = sorted(c for c, r in self.dx.items() if r["severity"] in ("CC", "MCC"))
        self.hac = sorted(c for c, r in self.dx.items() if r["hac_attributes"])
        self.mccalive = sorted(c for c, r in self.dx.items() if "mccalive" in r["attributes"].split())
        self.hiv = sorted(c for c, r in self.dx.items() if "hiv" in r["attributes"].split())
        self.trauma = sorted(c for c, r in self.dx.items() if "strauma" in r["dxcat_attributes"].split() or "strauma" in r["attributes"].split())
        attr_codes = defaultdict(list)
        for code, attrs in self.pr.items():
            for a in attrs:
                attr_codes[a].append(code)
        self.pr_by_attr = {a: sorted(c) for a, c in attr_codes.items()}
        self.pr_codes = sorted(self.pr)
        self.claims = []
        self.n = 0

    def pick(self, seq):
        return self.rng.choice(seq) if seq else None

    def procs_for(self, mdc, k):
        names = [n for n in sorted(names_in(self.formulas.get(mdc, []))) if n in self.pr_by_attr]
        out = []
        for _ in range(k):
            if names and self.rng.random() < 0.7:
                out.append(self.pick(self.pr_by_attr[self.pick(names)]))
            else:
                out.append(self.pick(self.pr_codes))
        return [c for c in out if c]

    def sex_for(self, pdx):
        g = self.gender.get(pdx)
        if g:
            return "M" if self.rng.random() < 0.5 else "F"
        return self.rng.choice(["M", "F", "F", "M", "U"])

    def claim(self, pdx, sdx=(), procs=(), age=None, sex=None, dstat=None, poa=None, hospital=None, los=None):
        self.n += 1
        c = {
            "id": f"v{self.v}-{self.n:05d}",
            "discharge_date": VERSIONS[self.v],
            "age": self.rng.choice([34, 52, 67, 71, 78, 85]) if age is None else age,
            "sex": sex or self.sex_for(pdx),
            "discharge_status": dstat or self.rng.choice(DSTATS),
            "los": self.rng.randint(1, 12) if los is None else los,
            "pdx": {"code": pdx, "poa": "Y"},
            "sdx": [{"code": s, "poa": (poa if poa is not None else self.rng.choice(POA))} for s in sdx],
            "procedures": [{"code": p} for p in procs],
        }
        if hospital:
            c["hospital_status"] = hospital
        self.claims.append(c)

    def secondaries(self, mdc, k):
        return claim_parts.secondaries(self.rng, self.cc, self.by_mdc, mdc, k)

    def build(self, per_mdc):
        for mdc in range(1, 26):
            for _ in range(per_mdc):
                pdx = self.pick(self.by_mdc.get(mdc, []))
                if not pdx:
                    continue
                age = 0 if mdc == 15 else None
                self.claim(pdx, self.secondaries(mdc, self.rng.randint(0, 6)), self.procs_for(mdc, self.rng.choice([0, 0, 1, 1, 2, 3])), age=age)
        # Pre-MDC procedures on any principal diagnosis.
        pre = [n for n in sorted(names_in(self.formulas.get(0, []))) if n in self.pr_by_attr]
        for _ in range(per_mdc * 2):
            pdx = self.pick(self.pick([c for m, c in sorted(self.by_mdc.items()) if m != 0]))
            procs = [self.pick(self.pr_by_attr[self.pick(pre)]) for _ in range(self.rng.randint(1, 3))]
            self.claim(pdx, self.secondaries(0, self.rng.randint(0, 4)), procs)
        for _ in range(per_mdc):  # HIV, trauma
            self.claim(self.pick(self.hiv), self.secondaries(25, 3), self.procs_for(25, 1))
            if self.trauma:
                self.claim(self.pick(self.trauma), [self.pick(self.trauma) for _ in range(3)], self.procs_for(24, 1))
        for _ in range(per_mdc * 2):  # HAC / POA
            pdx = self.pick(self.pick(list(self.by_mdc.values())))
            hacs = [self.pick(self.hac) for _ in range(self.rng.randint(1, 3))]
            procs = self.procs_for(self.rng.randint(1, 25), self.rng.randint(0, 2))
            self.claim(pdx, hacs, procs, poa=self.rng.choice(["Y", "N", "U", "W", "1", ""]),
                       hospital=self.rng.choice([None, "NOT_EXEMPT", "EXEMPT", "UNKNOWN"]))
        for _ in range(per_mdc // 2):  # deaths with mccalive codes
            pdx = self.pick(self.pick(list(self.by_mdc.values())))
            self.claim(pdx, [self.pick(self.mccalive)], dstat="20")
        for d in ["00", "08", "99", "09", "40"]:  # discharge statuses outside the CMS list
            for mdc in (0, 5, 15, 20, 4):
                pdx = self.pick(self.by_mdc.get(mdc or 5, []))
                self.claim(pdx, self.secondaries(mdc, 2), [], dstat=d, age=0 if mdc == 15 else None)
        for bad in ["I50999", "XYZ12", "S72001", "V0001XA", "W1830XA"]:  # invalid / e-code / header PDX
            self.claim(bad, self.secondaries(5, 2), [])
        for _ in range(10):  # sex conflicts
            pdx = self.pick(self.by_mdc.get(13, [])) or self.pick(self.by_mdc[5])
            self.claim(pdx, [], [], sex="M")
        # Known differences (c) and (d), exercised on purpose (added last: the claims above stay
        # as they were). (c): secondary diagnoses whose only HAC list is a principal-diagnosis
        # list (hac11_pdx); (d): HAC 06, the UTI code and the catheter code with each POA mix.
        hac_lists = lambda c: self.dx[c]["hac_attributes"].split()  # noqa: E731
        pdx_only = sorted(c for c in self.hac if all(a.endswith("_pdx") for a in hac_lists(c)))
        for code in pdx_only[:: max(1, len(pdx_only) // 8)][:8]:
            for poa in ("N", "Y"):
                self.claim("I5023", [code], [], poa=poa, dstat="01", hospital="NOT_EXEMPT")
        uti = sorted(c for c in self.hac if "hac06_sdx" in hac_lists(c))[:3]
        catheter = sorted(c for c in self.hac if "hac06_show" in hac_lists(c))[:2]
        for u in uti:
            for k in catheter:
                for pu, pk in (("N", "N"), ("N", "Y"), ("Y", "N"), ("Y", "Y")):
                    self.n += 1
                    self.claims.append({
                        "id": f"v{self.v}-{self.n:05d}", "discharge_date": VERSIONS[self.v], "age": 78, "sex": "F",
                        "discharge_status": "01", "los": 6, "pdx": {"code": "J189", "poa": "Y"},
                        "sdx": [{"code": u, "poa": pu}, {"code": k, "poa": pk}], "procedures": [],
                        "hospital_status": "NOT_EXEMPT"})


def poa_field(d, poa):
    """A blank POA is sent as no POA at all."""
    if poa:
        d["poa"] = poa
    return d


def native_group(g, claim):
    """Calls the oracle's native `msdrg_group_json` directly: its Python wrapper refuses the
    CMS POA value `1` (exempt), which the native grouper takes."""
    import ctypes

    ptr = g.lib.msdrg_group_json(g.ctx, json.dumps(claim).encode())
    if not ptr:
        raise RuntimeError("the native grouper returned null")
    try:
        return json.loads(ctypes.cast(ptr, ctypes.c_char_p).value.decode())
    finally:
        g.lib.msdrg_string_free(ptr)


def to_msdrg(c, v):
    sex = {"M": 0, "F": 1}.get(c["sex"], 2)
    m = {
        "version": v,
        "age": c["age"],
        "sex": sex,
        "discharge_status": int(c["discharge_status"]),
        "pdx": poa_field({"code": c["pdx"]["code"]}, c["pdx"].get("poa")),
        "sdx": [poa_field({"code": s["code"]}, s["poa"]) for s in c["sdx"]],
        "procedures": c["procedures"],
    }
    if "hospital_status" in c:
        m["hospital_status"] = c["hospital_status"]
    return m


KEEP = ["initial_drg", "initial_mdc", "initial_return_code", "initial_severity", "final_drg", "final_mdc",
        "return_code", "final_severity", "grouper_flags"]


def trim(r):
    out = {k: r.get(k) for k in KEEP}
    out["sdx_output"] = [{k: d.get(k) for k in ("code", "severity", "drg_impact", "poa_error", "flags", "hacs")} for d in r.get("sdx_output") or []]
    out["proc_output"] = [{k: p.get(k) for k in ("code", "is_or", "drg_impact", "flags", "hac_usage")} for p in r.get("proc_output") or []]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, required=True, help="the kit's msdrg/reference folder")
    ap.add_argument("--out", type=Path, required=True, help="fixtures folder")
    ap.add_argument("--per-mdc", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20261122)
    a = ap.parse_args()
    import msdrg  # the oracle, from the throwaway venv

    a.out.mkdir(parents=True, exist_ok=True)
    with msdrg.MsdrgGrouper() as g:
        for v in VERSIONS:
            corpus = Corpus(v, a.reference, a.seed)
            corpus.build(a.per_mdc)
            path = a.out / f"v{v}.jsonl"
            with open(path, "w") as f:
                for c in corpus.claims:
                    try:
                        r = trim(native_group(g, to_msdrg(c, v)))
                    except Exception as e:  # noqa: BLE001 - the oracle's refusal is itself a result
                        r = {"error": f"{type(e).__name__}: {e}"}
                    f.write(json.dumps({"claim": c, "msdrg": r}, sort_keys=True) + "\n")
            print(f"{path}: {len(corpus.claims)} claims", file=sys.stderr)


if __name__ == "__main__":
    main()
