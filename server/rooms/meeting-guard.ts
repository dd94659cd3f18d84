import type * as Y from 'yjs';
import { meetingMap } from '../../shared/schema/root-types';
import type { Peer } from './peer';

/** The meeting's keys that say whether it runs: its start and its end (DESIGN §4 "Meeting"). */
const FACILITATORS_ONLY = ['status', 'startedAt', 'endedAt'] as const;
type GuardedKey = (typeof FACILITATORS_ONLY)[number];
type Accepted = Partial<Record<GuardedKey, unknown>>;

/**
 * Only a facilitator starts and ends a meeting (DESIGN §4, SPEC A21). Our client offers it to
 * nobody else, but a stock client on an editor link could end and restart the meeting at will, and
 * every end is a snapshot of the whole record and a webhook delivery carrying the minutes (M2, M9):
 * two hundred of them in two seconds. What a connection of another role writes to those keys is
 * put back as it is applied.
 *
 * Put back before the transaction's observers and `afterTransaction` listeners run (Yjs's
 * `beforeObserverCalls`), in a transaction Yjs finishes after that one: the record (RecordWatcher)
 * and the attendance register never see an end that does not stand. The values put back are the
 * last ones a facilitator, another node or the server wrote, kept here as they land; a workspace
 * nobody has held a meeting in keeps nothing and names no `meeting` map (L8).
 *
 * @param restore runs `body` as the server's change (Room.change), in a transaction of its own.
 * @param failed takes a restore that threw: what a client stored there can make writing fail.
 */
export function guardMeeting(doc: Y.Doc, restore: (body: (doc: Y.Doc) => void) => void, failed: (error: unknown) => void): void {
  let accepted = acceptedNow(doc);
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    const meeting = doc.share.get('meeting');
    const keys = meeting && transaction.changed.get(meeting);
    if (!keys || !FACILITATORS_ONLY.some((key) => keys.has(key))) return;
    if (!fromNonFacilitator(transaction.origin)) {
      accepted = acceptedNow(doc);
      return;
    }
    const back = accepted;
    try {
      restore((doc) => {
        const map = meetingMap(doc);
        for (const key of FACILITATORS_ONLY) {
          if (!keys.has(key)) continue;
          if (back[key] === undefined) map.delete(key);
          else map.set(key, back[key]);
        }
      });
    } catch (error) {
      failed(error);
    }
  });
}

/**
 * The guarded keys as the document holds them now; what no plain value can be written back as is
 * left out (read as its default). Read from the root's entries as Y.Map reads them: `getMap` on a
 * root first seen in an update, while Yjs is finishing that update, would replace the root the
 * transaction's observers are about to be told of.
 */
function acceptedNow(doc: Y.Doc): Accepted {
  const entries = doc.share.get('meeting')?._map;
  const now: Accepted = {};
  for (const key of FACILITATORS_ONLY) {
    const item = entries?.get(key);
    const value = item === undefined || item.deleted ? undefined : item.content.getContent()[item.length - 1];
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') now[key] = value;
  }
  return now;
}

/** Whether a transaction is a connection's update whose role may not run the meeting: only connections carry a role. */
function fromNonFacilitator(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && 'role' in origin && (origin as Peer).role !== 'facilitator';
}
