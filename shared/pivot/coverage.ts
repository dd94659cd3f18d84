import { OUTCOME_STATES, isOneOf, severityRank } from '../schema/constants';
import type { AgendaItemView } from '../schema/agenda-read';
import type { Subject } from '../schema/types';
import { parseDay, todayMs } from '../schema/utc-dates';
import type { Finding } from '../rules/finding';

/** DESIGN §3: the item rules raise for a subject, the same id on every writer. */
export function triageItemId(subject: Subject): string {
  return `triage:${subject.type}:${subject.id}`;
}

/**
 * An outcome the room took (decided, deferred or resolved) that still stands: its revisit date,
 * if it has one, is still ahead. On the revisit day the item comes back to the room.
 */
export function outcomeStands(item: AgendaItemView, now: Date): boolean {
  if (!isOneOf(OUTCOME_STATES, item.state) || item.outcomeMs === null) return false;
  const revisit = parseDay(item.revisitOn);
  return revisit === null || revisit > todayMs(now);
}

/**
 * DESIGN §4: a finding is covered when its subject's item has an outcome that still stands, the
 * finding is no worse than the severity the room accepted, and it was already live when the
 * outcome was taken. A finding the item does not hold yet is new, so it is never covered.
 */
export function isCovered(item: AgendaItemView | null, finding: Pick<Finding, 'key' | 'severity'>, now: Date): boolean {
  if (item === null || !outcomeStands(item, now)) return false;
  const stored = item.findings.find((held) => held.key === finding.key);
  return (
    stored !== undefined &&
    severityRank(finding.severity) <= severityRank(item.acceptedSeverity) &&
    stored.sinceMs <= item.outcomeMs!
  );
}

/**
 * The red findings that need the room: those no standing outcome covers. An item with any
 * uncovered finding is about to go back to `open` (DESIGN §4 re-raise), and then covers nothing,
 * so its reds count too: the policy pivots on them and "back to review" waits for them alike.
 */
export function uncoveredReds(findings: readonly Finding[], itemOf: (id: string) => AgendaItemView | null, now: Date): Finding[] {
  const reraised = new Set<string>();
  for (const finding of findings) {
    const id = triageItemId(finding.subject);
    if (!reraised.has(id) && !isCovered(itemOf(id), finding, now)) reraised.add(id);
  }
  return findings.filter((finding) => finding.severity === 'red' && reraised.has(triageItemId(finding.subject)));
}
