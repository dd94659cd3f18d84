import type * as Y from 'yjs';
import type { ChangeContext } from '../schema/agenda-accessors';
import { readAgendaViews } from '../schema/agenda-read';
import { appendLog } from '../schema/log';
import { fail, ok, type OpResult } from '../schema/op-result';
import { metaMap } from '../schema/root-types';
import { readMode } from '../schema/workspace';
import type { Finding } from '../rules/finding';
import { uncoveredReds } from './coverage';

/** The red findings that keep the meeting in triage: those no standing outcome covers. */
export function blockingReds(doc: Y.Doc, findings: readonly Finding[], now: Date): Finding[] {
  const items = readAgendaViews(doc);
  return uncoveredReds(findings, (id) => items.get(id) ?? null, now);
}

/**
 * The facilitator's "back to review" (DESIGN §4): allowed whenever no red finding is uncovered
 * (decided and deferred reds do not block it), never automatic. The pivot stays in the log, and
 * the policy pivots again only on a red that is new, worse, or past its revisit date.
 */
export function returnToReview(doc: Y.Doc, findings: readonly Finding[], context: ChangeContext): OpResult {
  if (readMode(doc) !== 'triage') return fail('conflict', 'The meeting is already in review.');
  const blocking = blockingReds(doc, findings, context.now);
  if (blocking.length > 0) {
    const count = blocking.length === 1 ? 'A red finding has' : `${blocking.length} red findings have`;
    return fail('conflict', `${count} no outcome yet: decide, defer or resolve ${blocking.length === 1 ? 'it' : 'them'} first.`);
  }
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('mode', 'review');
    meta.set('pivotedAt', null);
    meta.set('pivotReason', null);
    const who = context.by ?? 'The facilitator';
    appendLog(doc, { at: context.now, kind: 'review', by: context.by, text: `${who} took the meeting back to review.`, ref: null });
  });
  return ok();
}
