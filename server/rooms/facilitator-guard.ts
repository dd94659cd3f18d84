import * as Y from 'yjs';
import type { Role } from '../storage/store';
import type { Peer } from './peer';

/**
 * What only a facilitator writes, by root (DESIGN §4): whether a meeting runs (its start and end),
 * and whether the review is in triage (the rules pivot into it, the facilitator takes it back).
 */
const FACILITATORS_ONLY: ReadonlyArray<readonly [root: string, keys: readonly string[]]> = [
  ['meeting', ['status', 'startedAt', 'endedAt']],
  ['meta', ['mode', 'pivotedAt', 'pivotReason']],
];

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
 * `beforeObserverCalls`), in a transaction Yjs finishes after that one: the record (RecordWatcher),
 * the attendance register and every later frame of the same turn read the values put back, never
 * an end, a start or a pivot that does not stand (put back a microtask later, as schema-guard's
 * is, a second frame in the same network read saw the end and the meeting was recorded). The
 * put-back builds on the writer's update: update-intake queues a client's bytes as its transaction
 * ends, so they are stored and relayed before it. The values put back are the last ones a
 * facilitator, another node or the server wrote.
 *
 * A value is judged by who wrote it, not by whose transaction brought it in: a write Yjs held back
 * for a missing predecessor is integrated by whichever transaction supplies it, a facilitator's
 * keystroke or another node's stored row. Only a deletion, whose writer Yjs does not keep, and a
 * value written with a client id no connection here has written with, are judged by the
 * transaction. So a facilitator's end that storage lost (S3), brought back by an editor's sync
 * step 2 to a room loaded afresh, is put back (SPEC A21).
 *
 * @param writerRole the role of the connection that wrote with a client id on this node, if any.
 * @param restore runs `body` as the server's change (Room.change), in a transaction of its own.
 * @param failed takes a put-back that threw: what a client stored there can make writing fail.
 */
export function guardFacilitatorsOnly(
  doc: Y.Doc,
  writerRole: (client: number) => Role | undefined,
  restore: (body: (doc: Y.Doc) => void) => void,
  failed: (error: unknown) => void,
): void {
  const accepted = new Map(FACILITATORS_ONLY.map(([root, keys]) => [root, acceptKeys(doc, root, keys, new Map())]));
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    const byTransaction = fromNonFacilitator(transaction.origin);
    const back: Array<[root: string, keys: readonly string[]]> = [];
    // Runs for every transaction, each keystroke included: reads the two roots' changed keys only.
    for (const [root, guarded] of FACILITATORS_ONLY) {
      const type = doc.share.get(root);
      const changed = type && transaction.changed.get(type);
      if (!changed) continue;
      const refused: string[] = [];
      for (const key of guarded) {
        if (!changed.has(key)) continue;
        const item = type._map.get(key);
        const writer = item === undefined || item.deleted ? undefined : writerRole(item.id.client);
        if (writer === undefined ? byTransaction : writer !== 'facilitator') refused.push(key);
        else acceptKeys(doc, root, [key], accepted.get(root)!);
      }
      if (refused.length > 0) back.push([root, refused]);
    }
    if (back.length === 0) return;
    try {
      restore((doc) => {
        for (const [root, keys] of back) {
          const map = doc.getMap(root);
          const wanted = accepted.get(root)!;
          for (const key of keys) {
            if (wanted.has(key)) map.set(key, wanted.get(key));
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
 * Sets `keys` of `accepted` to what the document holds now, but for a shared type or a
 * subdocument, which cannot be written again once replaced (read as its default instead); answers
 * `accepted`. Read from the root's entries as Y.Map reads them, so that a workspace nobody has held
 * a meeting in names no `meeting` map (L8).
 */
function acceptKeys(doc: Y.Doc, root: string, keys: readonly string[], accepted: Accepted): Accepted {
  for (const key of keys) {
    const value = valueOf(doc, root, key);
    if (value !== undefined && !(value instanceof Y.AbstractType) && !(value instanceof Y.Doc)) accepted.set(key, value);
    else accepted.delete(key);
  }
  return accepted;
}

function valueOf(doc: Y.Doc, root: string, key: string): unknown {
  const item = doc.share.get(root)?._map.get(key);
  return item === undefined || item.deleted ? undefined : item.content.getContent()[item.length - 1];
}

/** Whether a transaction is a connection's update whose role may not write these: only connections carry a role. */
function fromNonFacilitator(origin: unknown): boolean {
  return typeof origin === 'object' && origin !== null && 'role' in origin && (origin as Peer).role !== 'facilitator';
}
