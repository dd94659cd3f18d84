/**
 * Where a dependency's dates are, as stored. This release keeps a later date the upstream
 * proposes back in the optional `proposedDate`, so the dependency stays in its state (committed,
 * at risk…) until the downstream accepts or declines it. The release before stored a proposal by
 * moving the dependency back to `requested` with the date in `committedDate`; since a request
 * has no commitment, a `requested` dependency's `committedDate` is read as its proposal, so that
 * data opens as what it meant (DESIGN §3 `deps`, SPEC U6). Raw values in, raw values out: each
 * reader validates them as it does any stored field.
 */
export function datesOf(state: unknown, committedDate: unknown, proposedDate: unknown): { committed: unknown; proposed: unknown } {
  if (state === 'requested' && typeof proposedDate !== 'string' && typeof committedDate === 'string') {
    return { committed: null, proposed: committedDate };
  }
  return { committed: committedDate ?? null, proposed: proposedDate ?? null };
}

/**
 * Whether the upstream offering to deliver on `dateMs` proposes rather than commits: a date after
 * `needBy` is a counter-offer the needing side accepts or declines (SPEC U6).
 */
export function isProposal(dateMs: number | null, needByMs: number | null): boolean {
  return dateMs !== null && needByMs !== null && dateMs > needByMs;
}
