#!/usr/bin/env python3
"""The peer's row of the grouper benchmark: msdrg 1.2.0's native `msdrg_group_json`, single
thread, on the same corpus as codeglass (tests/fixtures/cms v430/v431 and tests/fixtures/grouper v440).

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

    # Each claim in msdrg's input form once; the MCE also reads the discharge date.
    inputs = []
    for v, f in ((430, "cms/v430.jsonl"), (431, "cms/v431.jsonl"), (440, "grouper/v440.jsonl")):
        for line in (a.fixtures / f).read_text().splitlines():
            if line.strip():
                claim = json.loads(line)["claim"]
                c = to_msdrg(claim, v)
                c["discharge_date"] = int(claim["discharge_date"].replace("-", ""))
                inputs.append(json.dumps(c).encode())

    def row(task, name, lib, ctx, call):
        """One warm-up pass, then passes until --seconds have gone; prints the table row."""
        def one_pass():
            for p in inputs:
                lib.msdrg_string_free(call(ctx, p))

        one_pass()
        claims, t = 0, time.perf_counter()
        while claims == 0 or time.perf_counter() - t < a.seconds:
            one_pass()
            claims += len(inputs)
        print(f"{task}\t{name}\t{claims}\t{time.perf_counter() - t:.3f}\t-")

    with msdrg.MsdrgGrouper() as g:
        row("group", "msdrg 1.2.0 native (msdrg_group_json via ctypes)", g.lib, g.ctx, g.lib.msdrg_group_json)
    # The MCE on the same claims, through msdrg's native mce_edit_json.
    with msdrg.MceEditor() as m:
        row("mce", "msdrg 1.2.0 native (mce_edit_json via ctypes)", m.lib, m.ctx, m.lib.mce_edit_json)

if __name__ == "__main__":
    main()
