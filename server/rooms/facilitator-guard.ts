import * as Y from 'yjs';
import type { Peer } from './peer';

/**
 * What only a facilitator writes, by root (DESIGN §4): whether a meeting runs (its start and end),
 * and whether the review is in triage (the rules pivot into it, the facilitator takes it back).
 */
const FACILITATORS_ONLY: Readonly<Record<string, readonly string[]>> = {
  meeting: ['status', 'startedAt', 'endedAt'],
  meta: ['mode', 'pivotedAt', 'pivotReason'],
};

/** A root's guarded keys as last written by someone who may; absent keys are not stored. */
type Accepted = Map<string, unknown>;

/**
 * Only a facilitator starts and ends a meeting and takes the review back from triage (DESIGN §4,
 * SPEC A21). Our client offers these to nobody else, but a stock client on an editor link could
 * end and restart the meeting, or flip the review in and out of triage, at will: every end is a
 * snapshot of the whole record and a webhook delivery carrying the minutes, every pivot a delivery
 * (M2, M9), two hundred of them in two seconds. What a connection of another role writes to those
 * keys is put back as it is applied.
 *
 * Put back before the transaction's observers and `afterTransaction` listeners run (Yjs's
 * `beforeObserverCalls`), in a transaction Yjs finishes after that one: the record (RecordWatcher)
 * and the attendance register never see an end or a pivot that does not stand. The values put
 * back are the last ones a facilitator, another node or the server wrote, kept here as they land.
 *
 * @param restore runs `body` as the server's change (Room.change), in a transaction of its own.
 * @param failed takes a restore that threw: what a client stored there can make writing fail.
 */
export function guardFacilitatorsOnly(doc: Y.Doc, restore: (body: (doc: Y.Doc) => void) => void, failed: (error: unknown) => void): void {
  const accepted = new Map(Object.keys(FACILITATORS_ONLY).map((root) => [root, acceptedNow(doc, root)]));
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    const puttingBack = fromNonFacilitator(transaction.origin);
    const back: Array<[root: string, keys: readonly string[]]> = [];
    for (const [root, guarded] of Object.entries(FACILITATORS_ONLY)) {
      const type = doc.share.get(root);
      const changed = type && transaction.changed.get(type);
      const keys = changed ? guarded.filter((key) => changed.has(key)) : [];
      if (keys.length === 0) continue;
      if (puttingBack) back.push([root, keys]);
      else accepted.set(root, acceptedNow(doc, root));
    }
    if (back.length === 0) return;
    try {
      restore((doc) => {
        for (const [root, keys] of back) {
          const map = doc.getMap(root);
          const values = accepted.get(root)!;
          for (const key of keys) {
            if (values.has(key)) map.set(key, values.get(key));
            else map.delete(key);
          }
        }
      });
    } catch (error) {
      failed(error);
    }
  });
}

/**
 * A root's guarded keys as the document holds them now, but for a shared type, which cannot be
 * written again once replaced (read as its default instead). Read from the root's entries as
 * Y.Map reads them: `getMap` on a root first seen in an update, while Yjs is finishing that
 * update, would replace the root the transaction's observers are about to be told of; and a
 * workspace nobody has held a meeting in names no `meeting` map (L8).
 */
function acceptedNow(doc: Y.Doc, root: string): Accepted {
  const entries = doc.share.get(root)?._map;
  const now: Accepted = new Map();
  for (const key of FACILITATORS_ONLY[root]!) {
    const item = entries?.get(key);
    if (item === undefined || item.deleted) continue;
    const value: unknown = item.content.getContent()[item.length - 1];
    if (!(value instanceof Y.AbstractType)) now.set(key, value);
  }
  return now;
}

/** Whether a transaction is a connection's update whose role may not write these: only connections carry a role. */
function fromNonFacilitator(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && 'role' in origin && (origin as Peer).role !== 'facilitator';
}
