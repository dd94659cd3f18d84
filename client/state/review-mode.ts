import type * as Y from 'yjs';
import { appendLog } from '../../shared/schema/log';
import { metaMap } from '../../shared/schema/root-types';

/**
 * The facilitator's "back to review" (DESIGN §4: never automatic). shared/ has no accessor for
 * it yet, so this is the one place the client writes `meta.mode`; the pivot stays in the log.
 * The server's pivot policy turns the review again while a red finding is still open.
 */
export function returnToReview(doc: Y.Doc, by: string): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('mode', 'review');
    meta.set('pivotedAt', null);
    meta.set('pivotReason', null);
    appendLog(doc, { at: new Date(), kind: 'pivot', by, text: `${by} took the meeting back to review.`, ref: null });
  });
}
