import { DEP_STATES, memberOf } from './constants';

/**
 * Where a dependency's dates are, as stored. This release keeps a later date the upstream
 * proposes back in the optional `proposedDate`, so the dependency stays in its state (committed,
 * at risk…) until the downstream accepts or declines it. The release before stored a proposal by
 * moving the dependency back to `requested` with the date in `committedDate`; since a request
 * has no commitment, a `requested` dependency's `committedDate` is read as its proposal, so that
 * data opens as what it meant (DESIGN §3 `deps`, SPEC U6); a state no release writes counts as a
 * request, as the board reads it. Raw values in, raw values out: each reader validates the dates as
 * it does any stored field.
 *
 * A decline does not erase the proposal: it writes the date it declined in the optional
 * `declinedDate`, and a proposal of that date reads as none (SPEC U81). Erasing would write the
 * key a new proposal writes, and of a new date proposed at the same moment and a decline of the
 * old one Yjs would keep one by client id, so the new date could vanish with nobody told.
 */
export function datesOf(state: unknown, committedDate: unknown, proposedDate: unknown, declinedDate: unknown = null): { committed: unknown; proposed: unknown } {
  const requested = (memberOf(DEP_STATES, state) ?? 'requested') === 'requested';
  const dates =
    requested && typeof proposedDate !== 'string' && typeof committedDate === 'string'
      ? { committed: null, proposed: committedDate }
      : { committed: committedDate ?? null, proposed: proposedDate ?? null };
  return isDeclined(dates.proposed, declinedDate) ? { committed: dates.committed, proposed: null } : dates;
}

/** Whether a stored proposal is the one a decline answered (SPEC U81): a declined date reads as no proposal. */
export function isDeclined(proposed: unknown, declinedDate: unknown): boolean {
  return typeof proposed === 'string' && proposed === declinedDate;
}

/**
 * Whether the upstream offering to deliver on `dateMs` proposes rather than commits: a date after
 * `needBy` is a counter-offer the needing side accepts or declines (SPEC U6).
 */
export function isProposal(dateMs: number | null, needByMs: number | null): boolean {
  return dateMs !== null && needByMs !== null && dateMs > needByMs;
}
