import type * as Y from 'yjs';
import type { AgendaItemView } from '../schema/agenda-read';
import { kpiArchivedBy } from '../schema/kpi-accessors';
import { ruleTurnedOffBy } from '../schema/rule-settings';
import { ruleById } from '../rules/index';

/** A person whose change, not the data, cleared every finding on an item, and what they did. */
export interface ClearingCause {
  readonly by: string;
  /** "Ana Diaz archived the KPI", "Ana Diaz turned off the rule “KPI behind plan”". */
  readonly did: string;
}

/**
 * Why an item's findings all cleared, when a person did it by a setting rather than the data
 * changing (SPEC T5): its KPI was archived, or the rule behind a finding it held was turned off.
 * The item still holds the findings of the last run, so a subject archived or a rule off now
 * happened since: that change is what cleared them. Null when neither names anyone (the data
 * moved, or the change came from a writer that names nobody): the rules cleared them.
 */
export function clearingCause(doc: Y.Doc, item: AgendaItemView): ClearingCause | null {
  if (item.subject?.type === 'kpi') {
    const by = kpiArchivedBy(doc, item.subject.id);
    if (by !== null) return { by, did: `${by} archived the KPI` };
  }
  for (const finding of item.findings) {
    const by = ruleTurnedOffBy(doc, finding.rule);
    if (by !== null) return { by, did: `${by} turned off the rule “${ruleById(finding.rule)?.title ?? finding.rule}”` };
  }
  return null;
}
