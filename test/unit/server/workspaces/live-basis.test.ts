import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { diffWorkspaces } from '../../../../shared/history/changes';
import { recordBasis } from '../../../../shared/history/record-basis';
import { setDecision } from '../../../../shared/schema/agenda-accessors';
import { addAction } from '../../../../shared/schema/agenda-actions';
import { archiveKpi } from '../../../../shared/schema/kpi-accessors';
import { updateNode } from '../../../../shared/schema/node-accessors';
import { appendReadings, deleteReading } from '../../../../shared/schema/readings';
import { agendaMap, kpisMap, nodesMap } from '../../../../shared/schema/root-types';
import { buildDemoWorkspace } from '../../../../server/demo/demo-workspace';
import { runRules } from '../../../../server/rooms/rule-runner';
import { liveBasis } from '../../../../server/workspaces/live-basis';
import { POISON_KINDS, putPoison } from '../../support/poison-values';
import { seededRandom, testSeed } from '../../../support/random';
import { NOW, addKpi, addTreeNode, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

const seed = testSeed('live-basis');

/** The poison kinds a replica can pass on and its peers pass on again: the test syncs replicas by encoding their state. */
const SYNCABLE_POISON = POISON_KINDS.filter((kind) => {
  const doc = new Y.Doc();
  putPoison(doc.getMap('probe'), 'field', kind);
  try {
    Y.encodeStateAsUpdate(replicaOf(doc));
    return true;
  } catch {
    return false;
  }
});

type Edit = (doc: Y.Doc, pick: <T>(list: readonly T[]) => T) => void;
const ids = <T>(map: Y.Map<T>): string[] => [...map.keys()].sort();

/** Every kind of change the record compares, made the way clients make them (and a few ways they should not). */
const EDITS: Array<[string, Edit]> = [
  ['title typed', (doc, pick) => {
    const title = (nodesMap(doc).get(pick(ids(nodesMap(doc)))) as Y.Map<unknown> | undefined)?.get('title');
    if (title instanceof Y.Text) title.insert(pick([0, title.length]), pick(['x', 'Q1 ', '']));
  }],
  ['status and progress', (doc, pick) => void updateNode(doc, pick(ids(nodesMap(doc))), { status: pick(['on-track', 'at-risk', 'off-track'] as const), progress: pick([0, 0.5, 1]) })],
  ['node added', (doc) => void addTreeNode(doc, { title: 'Added' })],
  ['node deleted outright', (doc, pick) => void nodesMap(doc).delete(pick(ids(nodesMap(doc))))],
  ['reading appended', (doc, pick) => void appendReadings(doc, pick(ids(kpisMap(doc))), [{ at: pick(['2025-11-01', '2025-11-10', '2025-11-17']), value: pick([1, 50, 200]) }], NOW)],
  ['reading deleted', (doc, pick) => void deleteReading(doc, pick(ids(kpisMap(doc))), { index: 0 } as never)],
  ['KPI archived', (doc, pick) => void archiveKpi(doc, pick(ids(kpisMap(doc))))],
  ['KPI added', (doc) => void addKpi(doc, { name: 'New KPI', readings: [['2025-11-01', 3]] })],
  ['decision typed', (doc, pick) => void setDecision(doc, pick(ids(agendaMap(doc))), pick(['Cut scope', 'Hire', '']))],
  ['action added', (doc, pick) => void addAction(doc, pick(ids(agendaMap(doc))), { text: 'Follow up', owner: 'Ana', due: null })],
  ['rules run', (doc) => void runRules(doc, NOW)],
  ['a field poisoned', (doc, pick) => {
    const node = nodesMap(doc).get(pick(ids(nodesMap(doc)))) as Y.Map<unknown> | undefined;
    if (node) putPoison(node, pick(['status', 'owner', 'title', 'archived']), pick(SYNCABLE_POISON));
  }],
];

describe('the live record basis (SPEC M19)', () => {
  it('M19 equals a basis read afresh after every mix of local and remote edits, in random delivery order', () => {
    const next = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const origin = newWorkspace('Q4');
    buildDemoWorkspace(origin, NOW);
    runRules(origin, NOW);
    const replicas = [origin, replicaOf(origin), replicaOf(origin)];
    // The server's copy is replicas[0]: it reads its basis between edits, as `changes` and snapshots do.
    const server = replicas[0]!;
    for (let step = 0; step < 120; step++) {
      const [name, edit] = pick(EDITS);
      const editor = pick(replicas);
      edit(editor, pick);
      // Deliver a random subset of the pending updates in a random direction.
      for (let i = 0; i < 2; i++) sync(pick(replicas), pick(replicas));
      if (next() < 0.3) {
        const live = liveBasis(server);
        const [basis, text] = [live.basis(), live.text()];
        const fresh = recordBasis(server);
        expect(basis, `after step ${step} (${name})`).toEqual(fresh);
        expect(JSON.parse(text), `text after step ${step} (${name})`).toEqual(fresh);
      }
    }
    for (const replica of replicas) for (const other of replicas) sync(replica, other);
    expect(liveBasis(server).basis()).toEqual(recordBasis(server));
  }, 60_000);

  it('M19 a handler told of a transaction reads the basis with that transaction in it, whenever it started listening', () => {
    const doc = newWorkspace();
    buildDemoWorkspace(doc, NOW);
    const item = [...agendaMap(doc).keys()][0]!;
    let seen: unknown;
    doc.on('afterTransaction', () => (seen = liveBasis(doc).basis().agenda[item]?.decision));
    liveBasis(doc);
    setDecision(doc, item, 'Ship in March');
    expect(seen).toBe('Ship in March');
  });

  it('M3/M19 a KPI counts its readings by date and value: the latest by date, the last of equal dates, undated or valueless ones left out', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { name: 'Revenue' });
    const before = recordBasis(doc);
    const series = kpisMap(doc).get(kpi)!.get('readings') as Y.Array<unknown>;
    series.push([{ at: '2025-11-10', value: 40 }, { at: '2025-11-03', value: 90 }, { at: '2025-11-10', value: 45 }, { at: 'soon', value: 1 }, { at: '2025-11-11', value: 'n/a' }, 7]);
    expect(recordBasis(doc).kpis[kpi]).toMatchObject({ latest: 45, readingCount: 3 });
    expect(diffWorkspaces(before, liveBasis(doc).basis()).kpis).toEqual([{ id: kpi, name: 'Revenue', value: [null, 45], band: [null, 'green'], readingsAdded: 3 }]);
  });
});
