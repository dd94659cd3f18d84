import * as Y from 'yjs';
import { overruledDeclines, type LostDeclines, type OverruledDecline } from '../../../shared/schema/overruled-declines';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';

/**
 * Replicas of one workspace for the tests of concurrent answers to a dependency's proposal
 * (SPEC U79, U81, U86): each with the client id that decides which write Yjs keeps, and
 * what each one's U79 watch finds as the relay delivers to it.
 */

/** A replica of `from` with `clientID`, holding all it holds. */
export function replica(clientID: number, from: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

/** What each replica's watch remembers across transactions, as the page's watch does. */
const memory = new WeakMap<Y.Doc, LostDeclines>();

/** What `to`'s watch finds as one update brings what each of `from` holds beyond it, merged as a reconnect delivers it. */
export function deliverTo(to: Y.Doc, ...from: Y.Doc[]): OverruledDecline[] {
  const found: OverruledDecline[] = [];
  const lost = memory.get(to) ?? new Map<string, unknown>();
  memory.set(to, lost);
  const observe = (transaction: Y.Transaction) => {
    if (!transaction.local) found.push(...overruledDeclines(transaction, (client) => client === to.clientID, lost));
  };
  const vector = Y.encodeStateVector(to);
  const update = Y.mergeUpdates(from.map((doc) => Y.encodeStateAsUpdate(doc, vector)));
  to.on('afterTransaction', observe);
  Y.applyUpdate(to, update, 'provider');
  to.off('afterTransaction', observe);
  return found;
}

/** A dependency's state and dates as every screen reads them. */
export function depDates(doc: Y.Doc, id: string) {
  const { state, committedDate, proposedDate } = readWorkspaceView(doc).deps.get(id)!;
  return { state, committedDate, proposedDate };
}

/** Every order two answers can meet in: which client id wins a key Yjs must choose for, and whose update the relay delivers first. */
export const TWO_PARTY_ORDERS = [
  { ana: 1, ben: 2, anaFirst: true },
  { ana: 1, ben: 2, anaFirst: false },
  { ana: 2, ben: 1, anaFirst: true },
  { ana: 2, ben: 1, anaFirst: false },
];
