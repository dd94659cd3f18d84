import type * as Y from 'yjs';
import type { AgendaItemView } from '../schema/agenda-read';
import { dependencyArchivedBy, dependencyEnds } from '../schema/dependency-accessors';
import { kpiArchivedBy } from '../schema/kpi-accessors';
import { branchArchivedBy } from '../schema/node-accessors';
import { KIND_NOUN, nodeName } from '../rules/format';
import { ruleTurnedOffBy } from '../schema/rule-settings';
import { ruleById } from '../rules/index';
import { named } from '../text/quoted';

/** A person whose change, not the data, cleared every finding on an item, and what they did. */
export interface ClearingCause {
  readonly by: string;
  /** "Ana Diaz archived the KPI", "Ana Diaz archived the objective “Grow EMEA” above it", "Ana Diaz turned off the rule “KPI behind plan”". */
  readonly did: string;
}

/**
 * Why an item's findings all cleared, when a person did it by a setting rather than the data
 * changing (SPEC T5): its KPI, node (or a node above it) or dependency (or a node at either end)
 * was archived, or the rule behind a finding it held was turned off.
 * The item still holds the findings of the last run, so a subject archived or a rule off now
 * happened since: that change is what cleared them. Null when neither names anyone (the data
 * moved, or the change came from a writer that names nobody): the rules cleared them.
 */
export function clearingCause(doc: Y.Doc, item: AgendaItemView): ClearingCause | null {
  if (item.subject?.type === 'kpi') {
    const by = kpiArchivedBy(doc, item.subject.id);
    if (by !== null) return { by, did: `${by} archived the KPI` };
  }
  if (item.subject?.type === 'node') {
    const archive = branchArchivedBy(doc, item.subject.id);
    if (archive !== null) {
      const { node, by } = archive;
      const what = node.id === item.subject.id ? `the ${KIND_NOUN[node.kind]}` : `the ${KIND_NOUN[node.kind]} ${named(nodeName(node))} above it`;
      return { by, did: `${by} archived ${what}` };
    }
  }
  if (item.subject?.type === 'dep') {
    const by = dependencyArchivedBy(doc, item.subject.id);
    if (by !== null) return { by, did: `${by} archived the dependency` };
    for (const end of dependencyEnds(doc, item.subject.id)) {
      const archive = branchArchivedBy(doc, end);
      if (archive !== null) return { by: archive.by, did: `${archive.by} archived the ${KIND_NOUN[archive.node.kind]} ${named(nodeName(archive.node))}` };
    }
  }
  for (const finding of item.findings) {
    const by = ruleTurnedOffBy(doc, finding.rule);
    if (by !== null) return { by, did: `${by} turned off the rule ${named(ruleById(finding.rule)?.title ?? finding.rule)}` };
  }
  return null;
}
