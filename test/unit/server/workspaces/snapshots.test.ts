import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateNode } from '../../../../shared/schema/node-accessors';
import { nodesMap } from '../../../../shared/schema/root-types';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readSchemaVersion } from '../../../../shared/schema/workspace';
import { buildDemoWorkspace } from '../../../../server/demo/demo-workspace';
import { runRules } from '../../../../server/rooms/rule-runner';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { SnapshotReader, takeSnapshot } from '../../../../server/workspaces/snapshots';
import { seededRandom, testSeed } from '../../../support/random';
import { RECORD_EDITS, sortedIds } from '../../support/record-edits';
import { NOW, addTreeNode, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

const seed = testSeed('snapshots');

describe('snapshots that extend a whole one (SPEC M1)', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'throughline-snapshots-'));
    store = SqliteStore.open(join(dir, 'throughline.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const demo = (): Y.Doc => {
    const doc = newWorkspace('Q4');
    buildDemoWorkspace(doc, NOW);
    runRules(doc, NOW);
    store.createWorkspace({ id: 'w', title: 'Q4', mode: 'review', initialState: Y.encodeStateAsUpdate(doc), initialSchema: readSchemaVersion(doc), tokenHashes: { facilitator: 'f', editor: 'e', viewer: 'v' } });
    return doc;
  };
  const snapshot = (doc: Y.Doc, label: string) => {
    const taken = takeSnapshot('w', doc, label, null, NOW, store.latestWholeSnapshot('w'));
    store.commit([{ workspace: 'w', updates: [], snapshots: [taken] }]);
    return taken;
  };
  const read = (id: string) => new SnapshotReader(store).json('w', id) as { document: unknown } | undefined;

  it('M1 every snapshot reads as its document then, whichever node took it, after random edits and deletions in random delivery order', () => {
    const next = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    // Two nodes' copies of the room: each takes snapshots of what it has received.
    const first = demo();
    const nodes = [first, replicaOf(first)];
    const expected = new Map<string, unknown>();
    const kinds = { whole: 0, extending: 0 };
    for (let step = 0; step < 120; step++) {
      const [name, edit] = pick(RECORD_EDITS);
      edit(pick(nodes), pick);
      if (next() < 0.3) sync(pick(nodes), pick(nodes));
      if (next() < 0.25) {
        const taker = pick(nodes);
        const taken = snapshot(taker, `step ${step} (${name})`);
        kinds[taken.base === null ? 'whole' : 'extending']++;
        expected.set(taken.id, workspaceToJson(taker));
      }
    }
    // Meaningful only if snapshots extended others (the next test covers copies that cannot).
    expect(kinds.extending, `seed ${seed}`).toBeGreaterThan(1);
    for (const [id, document] of expected) expect(read(id)?.document, `snapshot ${id}, seed ${seed}`).toEqual(document);
  }, 60_000);

  it('M1 a node whose copy lacks only a deletion of the latest whole snapshot stores its own whole', () => {
    const ours = demo();
    const theirs = replicaOf(ours);
    // Deleting adds no struct: their copy has every struct of ours, not the deletion.
    nodesMap(ours).delete(sortedIds(nodesMap(ours))[0]!);
    const whole = snapshot(ours, 'Ours');
    const lacksDeletion = snapshot(theirs, 'Theirs');
    expect([whole.base, lacksDeletion.base]).toEqual([null, null]);
    expect(read(lacksDeletion.id)?.document).toEqual(workspaceToJson(theirs));
  });

  it('M1 a node whose copy lacks an update of the latest whole snapshot stores its own whole', () => {
    const ours = demo();
    const theirs = replicaOf(ours);
    addTreeNode(ours, { title: 'Only ours' });
    snapshot(ours, 'Ours');
    const lacksUpdate = snapshot(theirs, 'Theirs');
    expect(lacksUpdate.base).toBeNull();
    expect(read(lacksUpdate.id)?.document).toEqual(workspaceToJson(theirs));
  });

  it('M1 after a whole snapshot, one taken after an edit stores only what changed, and one past half the whole size is whole again', () => {
    const doc = demo();
    const whole = snapshot(doc, 'Start');
    const edited = sortedIds(nodesMap(doc))[0]!;
    updateNode(doc, edited, { progress: 0.37 });
    const small = snapshot(doc, 'One edit');
    expect([whole.base, small.base]).toEqual([null, whole.id]);
    expect(small.data.byteLength).toBeLessThan(whole.data.byteLength / 20);

    for (let i = 0; i < 400; i++) addTreeNode(doc, { title: `Grown ${i}` });
    const grown = snapshot(doc, 'Grown');
    expect(grown.base).toBeNull();
    updateNode(doc, edited, { progress: 0.73 });
    expect(snapshot(doc, 'After growth').base).toBe(grown.id);
    expect((read(small.id)?.document as { nodes: Record<string, { progress: number }> }).nodes[edited]?.progress).toBe(0.37);
  });

  it('M1 a snapshot stored before whole ones kept their state vector (storage version 5) is not extended: the next one is whole', () => {
    const doc = demo();
    const old = takeSnapshot('w', doc, 'Old', null, NOW, undefined);
    store.commit([{ workspace: 'w', updates: [], snapshots: [{ ...old, extent: null }] }]);
    updateNode(doc, sortedIds(nodesMap(doc))[0]!, { status: 'at-risk' });
    expect(snapshot(doc, 'New').base).toBeNull();
  });

  it('[M19] a basis of an earlier format read by many at once, as PostgreSQL answers them later, is rebuilt from its state copy once, not once a reader', async () => {
    const doc = demo();
    const taken = snapshot(doc, 'Last review');
    // As the release before stored it: format 3, which the reader rebuilds.
    store.setSnapshotBasis('w', taken.id, JSON.stringify({ ...JSON.parse(taken.basis), version: 3 }));
    let copiesRead = 0;
    const later = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'getSnapshot') copiesRead++;
          return Promise.resolve().then(() => (value as (...a: unknown[]) => unknown).apply(target, args));
        };
      },
    });
    const reader = new SnapshotReader(later);
    const reads = await Promise.all(Array.from({ length: 20 }, () => reader.read('w', taken.id)));
    expect(copiesRead).toBe(1);
    expect(new Set(reads.map((read) => read?.basis)).size).toBe(1);
    expect(reads[0]?.basis).toEqual(JSON.parse(taken.basis, (key, value: unknown) => (key === 'version' ? undefined : value)));
  });
});
