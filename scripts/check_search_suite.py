#!/usr/bin/env python3
"""Checker for search_suite.tsv (standard library only).

Validates, against the official CMS files, that every expected answer is a
billable code valid in FY2027 (query date 2026-12-06):
  * ICD-10-CM: billable (flag 1) in icd10cm_order_2026.txt, or added with flag 1
    by icd10cm_order_addenda_2027.txt; and not deleted by it (a code deleted and
    re-added with flag 0 has become a header and is rejected).
  * ICD-10-PCS: billable in icd10pcs_order_2026.txt (or added by the FY2026
    order addenda), or added by icd10pcs_codes_addenda_2027.txt; and not
    deleted by the FY2027 addenda.
Also checks the header, the column count, the allowed systems and kinds, the
answer format (dotted CM, 7-character PCS, 1-4 codes, no repeats), the basis
length, duplicate queries, and the minimum counts. Prints counts per system and
kind, then every failure. Exit status 1 if anything failed.
"""
import re
import sys
from collections import Counter, OrderedDict

import os
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CMS = os.environ.get('CMS_SOURCES', os.path.join(ROOT, '..', 'shared', 'cms'))
SUITE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'tests', 'fixtures', 'search_suite.tsv')
CM_ORDER = os.path.join(CMS, 'icd10cm/icd10cm_order_2026.txt')
CM_ADD27 = os.path.join(CMS, 'fy2027/icd10cm/icd10cm_order_addenda_2027.txt')
PCS_ORDER = os.path.join(CMS, 'icd10pcs/icd10pcs_order_2026.txt')
PCS_ADD26 = os.path.join(CMS, 'icd10pcs/order_addenda_2026.txt')
PCS_ADD27 = os.path.join(CMS, 'fy2027/icd10pcs/icd10pcs_codes_addenda_2027.txt')

HEADER = ['query', 'system', 'kind', 'answers', 'basis']
KINDS = {
    'icd10cm': ['abbreviation', 'note_phrase', 'lay_term', 'misspelling', 'eponym',
                'index_style', 'combination', 'injury', 'z_code', 'code', 'plain'],
    'icd10pcs': ['procedure_name', 'procedure_abbrev'],
}
MIN_SYSTEM = {'icd10cm': 280, 'icd10pcs': 130}
MIN_KIND = {('icd10cm', k): 15 for k in KINDS['icd10cm']}
MIN_KIND.update({('icd10cm', 'combination'): 25, ('icd10cm', 'injury'): 25,
                 ('icd10cm', 'z_code'): 20, ('icd10cm', 'note_phrase'): 30,
                 ('icd10pcs', 'procedure_name'): 90, ('icd10pcs', 'procedure_abbrev'): 30})
MIN_TOTAL = 410


def read_lines(path):
    with open(path, encoding='ascii', errors='strict') as f:
        return [l.rstrip('\r\n') for l in f]


def cm_fy2027():
    """Return (billable set, header set) of undotted ICD-10-CM codes for FY2027."""
    flag = {}
    for line in read_lines(CM_ORDER):
        if len(line) < 15:
            continue
        flag[line[6:13].strip()] = line[14]
    deleted, added = set(), {}
    for line in read_lines(CM_ADD27):
        m = re.match(r'^(Add|Delete):\s+([01])\s+(\S+)\s', line)
        if not m:
            continue
        act, f, code = m.groups()
        if act == 'Delete':
            deleted.add(code)
        else:
            added[code] = f
    for code in deleted:
        flag.pop(code, None)
    flag.update(added)
    return ({c for c, f in flag.items() if f == '1'},
            {c for c, f in flag.items() if f == '0'}, deleted)


def pcs_fy2027():
    valid, headers = set(), set()
    for line in read_lines(PCS_ORDER):
        if len(line) < 15:
            continue
        code, f = line[6:13].strip(), line[14]
        (valid if f == '1' else headers).add(code)
    for line in read_lines(PCS_ADD26):
        m = re.match(r'^Add:\s+([0-9A-HJ-NP-Z]{7})\s', line)
        if m:
            valid.add(m.group(1))
    deleted = set()
    for line in read_lines(PCS_ADD27):
        m = re.match(r'^(Add|Delete):\s+(\S+)\s', line)
        if not m:
            continue
        act, code = m.groups()
        if len(code) != 7:
            continue
        if act == 'Delete':
            deleted.add(code)
        else:
            valid.add(code)
    return valid - deleted, headers, deleted


CM_DOTTED = re.compile(r'^[A-Z][0-9A-Z][0-9A-Z](\.[0-9A-Z]{1,4})?$')
PCS_FMT = re.compile(r'^[0-9A-HJ-NP-Z]{7}$')


def norm_query(q):
    return ' '.join(q.lower().split())


def main():
    fails = []
    cm_valid, cm_headers, cm_deleted = cm_fy2027()
    pcs_valid, pcs_headers, pcs_deleted = pcs_fy2027()

    with open(SUITE, encoding='utf-8') as f:
        raw = f.read()
    if '\r' in raw:
        fails.append('file contains CR characters (expected LF line ends)')
    lines = raw.split('\n')
    if lines and lines[-1] == '':
        lines = lines[:-1]

    header_seen = False
    seen = {}
    counts = Counter()
    rows = 0
    for n, line in enumerate(lines, 1):
        if line.startswith('#'):
            if header_seen:
                pass  # comments allowed anywhere
            continue
        if not header_seen:
            if line.split('\t') != HEADER:
                fails.append(f'line {n}: header must be exactly {HEADER!r}, got {line!r}')
            header_seen = True
            continue
        if not line.strip():
            fails.append(f'line {n}: blank line')
            continue
        cols = line.split('\t')
        if len(cols) != 5:
            fails.append(f'line {n}: expected 5 tab-separated columns, got {len(cols)}: {line!r}')
            continue
        query, system, kind, answers, basis = cols
        rows += 1
        where = f'line {n} [{query}]'
        if query != query.strip() or not query:
            fails.append(f'{where}: query empty or has leading/trailing spaces')
        if '"' in query:
            fails.append(f'{where}: query contains quotes')
        key = norm_query(query)
        if key in seen:
            fails.append(f'{where}: duplicate query (first at line {seen[key]})')
        else:
            seen[key] = n
        if system not in KINDS:
            fails.append(f'{where}: unknown system {system!r}')
            continue
        if kind not in KINDS[system]:
            fails.append(f'{where}: kind {kind!r} not allowed for {system}')
        counts[(system, kind)] += 1
        if not basis.strip():
            fails.append(f'{where}: empty basis')
        if len(basis) >= 100:
            fails.append(f'{where}: basis is {len(basis)} chars (must be under 100)')
        if answers != answers.strip() or '  ' in answers or not answers:
            fails.append(f'{where}: answers must be codes separated by single spaces')
        codes = answers.split(' ')
        if not 1 <= len(codes) <= 4:
            fails.append(f'{where}: {len(codes)} answers (must be 1-4)')
        if len(set(codes)) != len(codes):
            fails.append(f'{where}: repeated answer code')
        for c in codes:
            if system == 'icd10cm':
                if not CM_DOTTED.match(c) or (len(c.replace('.', '')) > 3 and '.' not in c):
                    fails.append(f'{where}: {c!r} is not a dotted ICD-10-CM code')
                    continue
                u = c.replace('.', '')
                if u not in cm_valid:
                    why = ('a header (not billable)' if u in cm_headers else
                           'deleted in FY2027' if u in cm_deleted else
                           'not an ICD-10-CM FY2027 code')
                    fails.append(f'{where}: {c} is {why}')
            else:
                if not PCS_FMT.match(c):
                    fails.append(f'{where}: {c!r} is not a 7-character PCS code')
                    continue
                if c not in pcs_valid:
                    why = ('deleted in FY2027' if c in pcs_deleted else
                           'a table header' if c in pcs_headers else
                           'not a valid ICD-10-PCS FY2027 code')
                    fails.append(f'{where}: {c} is {why}')
    if not header_seen:
        fails.append('no header line')

    # counts
    by_system = Counter()
    for (s, k), v in counts.items():
        by_system[s] += v
    print(f'rows: {rows}')
    for s in KINDS:
        print(f'{s}: {by_system[s]} (minimum {MIN_SYSTEM[s]})')
        for k in KINDS[s]:
            print(f'  {k:18s} {counts[(s, k)]:4d} (minimum {MIN_KIND[(s, k)]})')
    for s, m in MIN_SYSTEM.items():
        if by_system[s] < m:
            fails.append(f'{s}: only {by_system[s]} queries (minimum {m})')
    for (s, k), m in MIN_KIND.items():
        if counts[(s, k)] < m:
            fails.append(f'{s}/{k}: only {counts[(s, k)]} queries (minimum {m})')
    if rows < MIN_TOTAL:
        fails.append(f'only {rows} queries in total (minimum {MIN_TOTAL})')

    if fails:
        print(f'\nFAILURES ({len(fails)}):')
        for f in fails:
            print('  ' + f)
        return 1
    print('\nno failures')
    return 0


if __name__ == '__main__':
    sys.exit(main())
