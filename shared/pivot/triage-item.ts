import type { Severity } from '../schema/constants';
import type { AgendaItemFields, StoredFinding, Subject } from '../schema/types';
import type { NodeView, WorkspaceView } from '../schema/view-types';
import type { Finding } from '../rules/finding';
import { ORDER_BASE, toBase62 } from '../tree/fractional-index';
import { dependencyName } from '../schema/dependency-name';
import type { AgendaItemView } from '../schema/agenda-read';
import { KIND_LABEL } from '../tree/node-kinds';

const IMPACT_DIGITS = 3;
const IMPACT_CAP = ORDER_BASE ** IMPACT_DIGITS - 1;
const SEVERITY_DIGIT: Record<Severity, string> = { red: '1', amber: '2' };
const TIMEBOX_MIN: Record<Severity, number> = { red: 10, amber: 5 };

/**
 * The item a subject's findings raise (DESIGN §4 "Items"). Everything in it is derived from the
 * subject and its findings, so two writers raising it at once write the same item and it does not
 * matter which of the two concurrent maps Yjs keeps. Once created, the policy never touches what
 * people set on it: order, owner, timebox, and a title they gave it (`namedAs` tells the title the
 * rules gave, which follows the subject's name).
 */
export function triageItemFields(subject: Subject, title: string, severity: Severity, impact: number): AgendaItemFields {
  return {
    kind: 'triage',
    title,
    namedAs: title,
    subject: { type: subject.type, id: subject.id },
    severity,
    order: triageOrderKey(severity, impact, `${subject.type}:${subject.id}`),
    state: 'open',
    owner: null,
    timeboxMin: TIMEBOX_MIN[severity],
    standing: false,
    cleared: false,
    acceptedSeverity: null,
    revisitOn: null,
    outcomeAt: null,
  };
}

/** What the item keeps of a live finding; `since` is when it became live. */
export function storedFinding(finding: Finding, since: string): StoredFinding {
  return { rule: finding.rule, severity: finding.severity, message: finding.message, evidence: { ...finding.evidence }, since };
}

/**
 * An item is titled with its subject's name, not a finding's sentence: the sentence goes stale
 * as the numbers move, the name does not. A dependency is named by its two ends.
 */
export function subjectName(view: WorkspaceView, subject: Subject): string | null {
  switch (subject.type) {
    case 'kpi':
      return view.kpis.get(subject.id)?.name ?? null;
    case 'node':
      return titleOf(view.nodes.get(subject.id));
    case 'dep': {
      const dep = view.deps.get(subject.id);
      const from = dep && titleOf(view.nodes.get(dep.from));
      const to = dep && titleOf(view.nodes.get(dep.to));
      return from && to ? dependencyName(from, to) : null;
    }
  }
}

/**
 * What a triage item is about, as its subject is named now ("Milestone Warehouse cut-over
 * (Phase 2)"), when that is not the item's title: an item the room renamed keeps its title (DESIGN
 * §4 "Items"), and so does one raised before items followed their subject's name, so its subject
 * is shown beside it rather than leaving the room to wonder which item is which. Null when the
 * title says it already, or the subject has no name.
 */
export function renamedSubject(item: Pick<AgendaItemView, 'kind' | 'subject' | 'title'>, view: WorkspaceView): string | null {
  if (item.kind !== 'triage' || item.subject === null) return null;
  const name = subjectName(view, item.subject);
  if (name === null || name === item.title) return null;
  const node = item.subject.type === 'node' ? view.nodes.get(item.subject.id) : undefined;
  const kind = node ? KIND_LABEL[node.kind] : item.subject.type === 'kpi' ? 'KPI' : 'Dependency';
  return `${kind} ${name}`;
}

/** A node's title when it has one that is not blank. */
function titleOf(node: NodeView | undefined): string | null {
  return node !== undefined && node.title.trim() !== '' ? node.title : null;
}

/**
 * A fractional order key computed from the subject, not drawn at random: red before amber, then
 * larger impact first, then a hash of the subject to separate equals. It is a valid key, so people
 * can still drag items anywhere with `keyBetween`, and it sorts before the review agenda's own
 * items (keys from `keyBetween(null, null)` start in the middle of the alphabet).
 */
function triageOrderKey(severity: Severity, impact: number, subjectKey: string): string {
  return SEVERITY_DIGIT[severity] + toBase62(IMPACT_CAP - Math.min(impact, IMPACT_CAP), IMPACT_DIGITS) + hashDigits(subjectKey);
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
