import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { diffWorkspaces } from '../../../../shared/history/changes';
import { BASIS_VERSION, recordBasis } from '../../../../shared/history/record-basis';
import { setDecision } from '../../../../shared/schema/agenda-accessors';
import { agendaMap, kpisMap, nodesMap } from '../../../../shared/schema/root-types';
import { buildDemoWorkspace } from '../../../../server/demo/demo-workspace';
import { runRules } from '../../../../server/rooms/rule-runner';
import { liveBasis } from '../../../../server/workspaces/live-basis';
import { POISON_KINDS, putPoison } from '../../support/poison-values';
import { RECORD_EDITS, sortedIds, type RecordEdit } from '../../support/record-edits';
import { seededRandom, testSeed } from '../../../support/random';
import { NOW, addKpi, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

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

/** The record's edits, and a few ways clients should not write. */
const EDITS: ReadonlyArray<readonly [string, RecordEdit]> = [
  ...RECORD_EDITS,
  ['a field poisoned', (doc, pick) => {
    const node = nodesMap(doc).get(pick(sortedIds(nodesMap(doc)))) as Y.Map<unknown> | undefined;
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
        expect(JSON.parse(text), `text after step ${step} (${name})`).toEqual({ version: BASIS_VERSION, ...fresh });
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
    expect(diffWorkspaces(before, liveBasis(doc).basis()).kpis).toEqual([{ id: kpi, name: 'Revenue', value: [null, 45], band: [null, 'green'], readingsAdded: 3, added: false }]);
  });
});
