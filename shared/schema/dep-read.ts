import { DEP_STATES, memberOf } from './constants';
import { currentMove, datesOf } from './dependency-proposal';
import { itemValue } from './map-items';
import type { EntryMap } from './root-types';
import { dayText, name, text } from './stored-values';
import { parseDay } from './utc-dates';
import type { DepView } from './view-types';

/**
 * A dependency entry's view (view-types), or null without both ends. A state no release writes
 * reads as `requested`, as the handshake counts it: the dependency stays on the board, where
 * anyone can move it, and in the rules, rather than vanishing from both. Its fields are gathered
 * in one walk over the entry's items, as `readNode` gathers a node's (see there why).
 */
export function readDep(id: string, entry: EntryMap): DepView | null {
  let from: unknown, to: unknown, needBy: unknown, state: unknown, committedDate: unknown;
  let proposedDate: unknown, declinedDate: unknown, owner: unknown, archived: unknown;
  let proposalId: unknown, acceptedProposal: unknown, declinedProposal: unknown, accepts: unknown, declines: unknown;
  for (const item of entry._map.values()) {
    if (item.deleted) continue;
    const key = item.parentSub!;
    const stored = itemValue(item);
    switch (key.length) {
      case 2:
        if (key === 'to') to = stored;
        break;
      case 4:
        if (key === 'from') from = stored;
        break;
      case 5:
        if (key === 'state') state = stored;
        else if (key === 'owner') owner = stored;
        break;
      case 6:
        if (key === 'needBy') needBy = stored;
        break;
      case 7:
        if (key === 'accepts') accepts = stored;
        break;
      case 8:
        if (key === 'archived') archived = stored;
        else if (key === 'declines') declines = stored;
        break;
      case 10:
        if (key === 'proposalId') proposalId = stored;
        break;
      case 12:
        if (key === 'proposedDate') proposedDate = stored;
        else if (key === 'declinedDate') declinedDate = stored;
        break;
      case 13:
        if (key === 'committedDate') committedDate = stored;
        break;
      case 16:
        if (key === 'acceptedProposal') acceptedProposal = stored;
        else if (key === 'declinedProposal') declinedProposal = stored;
        break;
    }
  }
  const fromId = text(from);
  const toId = text(to);
  if (fromId === null || toId === null) return null;
  const depState = memberOf(DEP_STATES, state) ?? 'requested';
  const needByMs = parseDay(needBy);
  const dates = datesOf({ state: depState, committedDate, proposedDate, declinedDate, proposalId, acceptedProposal, declinedProposal, movedProposal: currentMove(entry), accepts, declines });
  const committedMs = parseDay(dates.committed);
  const proposedMs = parseDay(dates.proposed);
  return {
    id,
    from: fromId,
    to: toId,
    needBy: dayText(needBy, needByMs),
    needByMs,
    state: depState,
    committedDate: dayText(dates.committed, committedMs),
    committedMs,
    proposedDate: dayText(dates.proposed, proposedMs),
    proposedMs,
    owner: name(owner),
    archived: archived === true,
  };
}
