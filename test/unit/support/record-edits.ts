import * as Y from 'yjs';
import { setDecision } from '../../../shared/schema/agenda-accessors';
import { addAction } from '../../../shared/schema/agenda-actions';
import { archiveKpi } from '../../../shared/schema/kpi-accessors';
import { updateNode } from '../../../shared/schema/node-accessors';
import { appendReadings, deleteReading } from '../../../shared/schema/readings';
import { agendaMap, kpisMap, nodesMap } from '../../../shared/schema/root-types';
import { runRules } from '../../../server/rooms/rule-runner';
import { NOW, addKpi, addTreeNode } from './workspace-fixtures';

/** One random edit; `pick` chooses among its options. */
export type RecordEdit = (doc: Y.Doc, pick: <T>(list: readonly T[]) => T) => void;

/** A map's keys in a stable order, for `pick`. */
export const sortedIds = <T>(map: Y.Map<T>): string[] => [...map.keys()].sort();

/**
 * Every kind of change the record compares, made the way clients make them, deletions included
 * (typing cut, entries and readings removed): for tests that edit a demo workspace at random.
 */
export const RECORD_EDITS: ReadonlyArray<readonly [string, RecordEdit]> = [
  ['title typed or cut', (doc, pick) => {
    const title = (nodesMap(doc).get(pick(sortedIds(nodesMap(doc)))) as Y.Map<unknown> | undefined)?.get('title');
    if (!(title instanceof Y.Text)) return;
    if (title.length > 2 && pick([true, false])) title.delete(1, 2);
    else title.insert(pick([0, title.length]), pick(['x', 'Q1 ', '']));
  }],
  ['status and progress', (doc, pick) => void updateNode(doc, pick(sortedIds(nodesMap(doc))), { status: pick(['on-track', 'at-risk', 'off-track'] as const), progress: pick([0, 0.5, 1]) })],
  ['node added', (doc) => void addTreeNode(doc, { title: 'Added' })],
  ['node deleted outright', (doc, pick) => void nodesMap(doc).delete(pick(sortedIds(nodesMap(doc))))],
  ['reading appended', (doc, pick) => void appendReadings(doc, pick(sortedIds(kpisMap(doc))), [{ at: pick(['2025-11-01', '2025-11-10', '2025-11-17']), value: pick([1, 50, 200]) }], NOW)],
  ['reading deleted', (doc, pick) => void deleteReading(doc, pick(sortedIds(kpisMap(doc))), { index: 0 } as never)],
  ['KPI archived', (doc, pick) => void archiveKpi(doc, pick(sortedIds(kpisMap(doc))), null)],
  ['KPI added', (doc) => void addKpi(doc, { name: 'New KPI', readings: [['2025-11-01', 3]] })],
  ['decision typed', (doc, pick) => void setDecision(doc, pick(sortedIds(agendaMap(doc))), pick(['Cut scope', 'Hire', '']))],
  ['action added', (doc, pick) => void addAction(doc, pick(sortedIds(agendaMap(doc))), { text: 'Follow up', owner: 'Ana', due: null })],
  ['rules run', (doc) => void runRules(doc, NOW)],
];
