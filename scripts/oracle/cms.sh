#!/usr/bin/env bash
# Regenerates tests/fixtures/cms/v{430,431}.jsonl: seeded claims answered by the CMS reference
# software (the kit's reference-java/cmsref: the CMS Java MS-DRG grouper 43.1 and MCE 2.0; needs
# java and javac 17). Dev-time only; not part of the test command. The jars are never committed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CMS="${CMS_SOURCES:-$ROOT/../shared/cms}"
python3 "$ROOT/scripts/oracle/make_cms_fixtures.py" --cms "$CMS" --out "$ROOT/tests/fixtures/cms" "$@"
