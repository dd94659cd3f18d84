import type { Severity } from '../schema/constants';
import type { AgendaItemFields } from '../schema/agenda-accessors';
import type { Finding } from '../rules/finding';
import { findingImpactSize } from '../rules/index';
import { ORDER_BASE, toBase62 } from '../tree/fractional-index';

/** DESIGN §3: items raised by rules have the id `triage:<finding key>`, the same on every writer. */
export function triageItemId(findingKey: string): string {
  return `triage:${findingKey}`;
}

const IMPACT_DIGITS = 3;
const IMPACT_CAP = ORDER_BASE ** IMPACT_DIGITS - 1;
const SEVERITY_DIGIT: Record<Severity, string> = { red: '1', amber: '2' };
const TIMEBOX_MIN: Record<Severity, number> = { red: 10, amber: 5 };

/**
 * The agenda item a finding raises. Everything in it is derived from the finding alone, so two
 * writers raising the same finding at once write identical items and it does not matter which
 * of the two concurrent maps Yjs keeps. The title is the finding's message at the time it was
 * raised; people may retitle it, and the live finding is always one lookup away by key.
 */
export function triageItemFields(finding: Finding): AgendaItemFields {
  return {
    kind: 'triage',
    title: finding.message,
    subject: { type: finding.subject.type, id: finding.subject.id },
    finding: finding.key,
    severity: finding.severity,
    order: triageOrderKey(finding),
    state: 'open',
    owner: null,
    timeboxMin: TIMEBOX_MIN[finding.severity],
  };
}

/**
 * A fractional order key computed from the finding, not drawn at random: red before amber, then
 * larger impact first, then a hash of the key to separate equals. It is a valid key, so people
 * can still drag items anywhere with `keyBetween`, and it sorts before the review agenda's own
 * items (keys from `keyBetween(null, null)` start in the middle of the alphabet).
 */
export function triageOrderKey(finding: Finding): string {
  const impact = Math.min(findingImpactSize(finding), IMPACT_CAP);
  return SEVERITY_DIGIT[finding.severity] + toBase62(IMPACT_CAP - impact, IMPACT_DIGITS) + hashDigits(finding.key);
}

/** Four base-62 digits of FNV-1a, the last never '0' (an order key cannot end in 0). */
function hashDigits(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const head = toBase62(hash % ORDER_BASE ** 3, 3);
  const last = toBase62(1 + (Math.floor(hash / ORDER_BASE ** 3) % (ORDER_BASE - 1)), 1);
  return head + last;
}

/** The sentence `meta.pivotReason` and the log carry: which red findings turned the review. */
export function pivotReason(reds: readonly Finding[]): string {
  const shown = reds.slice(0, 3).map((finding) => finding.message);
  const more = reds.length > shown.length ? `; and ${reds.length - shown.length} more` : '';
  if (reds.length === 1) return `The review pivoted to triage because ${shown[0]}.`;
  return `The review pivoted to triage on ${reds.length} red findings: ${shown.join('; ')}${more}.`;
}

