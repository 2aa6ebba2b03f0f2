#!/usr/bin/env python3
"""The peer's row of the grouper benchmark: msdrg 1.2.0's native `msdrg_group_json`, single
thread, on the same corpus as codeglass (every claim of tests/fixtures/grouper).

Claims are converted to msdrg's input and encoded before timing; each call is one ctypes call
(JSON in, JSON out) plus freeing the returned string. The corpus runs once to warm up, then
repeats until --seconds have passed. Prints `task<TAB>engine<TAB>claims<TAB>seconds<TAB>-` for grouping and for the MCE.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_grouper_fixtures import to_msdrg  # noqa: E402  the same conversion as the corpus


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", type=Path, required=True)
    ap.add_argument("--seconds", type=float, default=2.0)
    a = ap.parse_args()
    import msdrg  # the oracle, from the throwaway venv

    payloads = []
    for v in (430, 431, 440):
        for line in (a.fixtures / f"v{v}.jsonl").read_text().splitlines():
            if line.strip():
                payloads.append(json.dumps(to_msdrg(json.loads(line)["claim"], v)).encode())
    with msdrg.MsdrgGrouper() as g:
        lib, ctx = g.lib, g.ctx

        def round_():
            for p in payloads:
                ptr = lib.msdrg_group_json(ctx, p)
                lib.msdrg_string_free(ptr)

        round_()
        claims, t = 0, time.perf_counter()
        while claims == 0 or time.perf_counter() - t < a.seconds:
            round_()
            claims += len(payloads)
        print(f"group\tmsdrg 1.2.0 native (msdrg_group_json via ctypes)\t{claims}\t{time.perf_counter() - t:.3f}\t-")
    # The MCE on the same claims, through msdrg's native mce_edit_json.
    mce_payloads = []
    for v in (430, 431, 440):
        for line in (a.fixtures / f"v{v}.jsonl").read_text().splitlines():
            if line.strip():
                c = to_msdrg(json.loads(line)["claim"], v)
                c["discharge_date"] = int(json.loads(line)["claim"]["discharge_date"].replace("-", ""))
                mce_payloads.append(json.dumps(c).encode())
    with msdrg.MceEditor() as m:
        lib, ctx = m.lib, m.ctx

        def mce_round():
            for p in mce_payloads:
                lib.msdrg_string_free(lib.mce_edit_json(ctx, p))

        mce_round()
        claims, t = 0, time.perf_counter()
        while claims == 0 or time.perf_counter() - t < a.seconds:
            mce_round()
            claims += len(mce_payloads)
        print(f"mce\tmsdrg 1.2.0 native (mce_edit_json via ctypes)\t{claims}\t{time.perf_counter() - t:.3f}\t-")


if __name__ == "__main__":
    main()
