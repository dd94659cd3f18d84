import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { timeRuns, type Row } from './timing';
import * as Y from 'yjs';
import { updateNode } from '../shared/schema/node-accessors';
import { unwrap } from '../shared/schema/op-result';
import { initWorkspace, readSchemaVersion } from '../shared/schema/workspace';
import { readWorkspaceView } from '../shared/schema/workspace-view';
import { buildDemoWorkspace } from '../server/demo/demo-workspace';
import { runRules } from '../server/rooms/rule-runner';
import { SqliteStore } from '../server/storage/sqlite-store';
import type { NewSnapshot } from '../server/storage/store';
import { atOnce } from '../server/storage/awaitable';
import { liveBasis } from '../server/workspaces/live-basis';
import { changesToNow } from '../server/workspaces/live-changes';
import { SnapshotReader, takeSnapshot } from '../server/workspaces/snapshots';
import { buildBenchWorkspace } from './bench-workspace';

/**
 * The record's costs on a big workspace (SPEC M1, M3): taking a snapshot (encode the state copy
 * and the record basis, store both in SQLite) and `changes?since` (read the snapshot's stored
 * basis, once per process as SnapshotReader keeps it; then diff it against the live document's
 * basis), each under 100 ms. Also the bytes one snapshot stores on the demo workspace and on the
 * 5,000-node one, whole and extending a whole one after one edit. Not a test: run it with
 *   node --import tsx bench/record.ts
 */
const SHAPE = { nodes: 5_000, kpis: 500, readingsPerKpi: 50, deps: 1_000 };
const WARM_UP = 3;
const RUNS = 20;
const BUDGET_MS = 100;

/** Times `measure` after `prepare` (untimed) for each run. */
const time = (label: string, measure: (i: number) => void, prepare?: (i: number) => void): Row => timeRuns(WARM_UP, RUNS, label, measure, prepare);

const now = new Date();
const dir = mkdtempSync(join(tmpdir(), 'throughline-bench-record-'));
const store = SqliteStore.open(join(dir, 'throughline.db'));
try {
  const demo = new Y.Doc();
  buildDemoWorkspace(demo, now);
  initWorkspace(demo, { title: 'Demo' });
  runRules(demo, now);
  const doc = new Y.Doc();
  buildBenchWorkspace(doc, SHAPE, now);
  runRules(doc, now);
  for (const [id, d] of [['demo', demo], ['bench', doc]] as const) {
    store.createWorkspace({ id, title: id, mode: 'review', initialState: Y.encodeStateAsUpdate(d), initialSchema: readSchemaVersion(d), tokenHashes: { facilitator: `${id}f`, editor: `${id}e`, viewer: `${id}v` } });
  }
  const kib = (snapshot: NewSnapshot) => `${((snapshot.data.byteLength + snapshot.basis.length) / 1024).toFixed(1)} KiB`;
  const snapshot = (workspace: string, d: Y.Doc, label: string) => takeSnapshot(workspace, d, label, null, now, store.latestWholeSnapshot(workspace));
  const sizes = ([['demo', demo], ['bench', doc]] as const).map(([workspace, d]) => {
    const whole = snapshot(workspace, d, 'whole');
    store.commit([{ workspace, updates: [], snapshots: [whole] }]);
    return `${workspace} ${kib(whole)} whole, ${kib(snapshot(workspace, d, 'extends'))} extending it`;
  });
  console.log(`snapshot size (state copy + record basis): ${sizes.join('; ')}`);

  const nodes = [...readWorkspaceView(doc).nodes.keys()];
  const sizeBefore = statSync(join(dir, 'throughline.db')).size;
  const rows = [
    time('snapshot: encode state and basis + store', (i) => store.commit([{ workspace: 'bench', updates: [], snapshots: [snapshot('bench', doc, `run ${i}`)] }]), (i) => unwrap(updateNode(doc, nodes[i]!, { status: 'at-risk' }))),
  ];
  const since = store.listSnapshots('bench')[0]!.id;
  let reader = new SnapshotReader(store);
  // As the server answers it (record-service): the same answer while nothing changed.
  const changes = () => changesToNow(liveBasis(doc), since, atOnce(reader.read('bench', since))!.basis);
  rows.push(
    time('changes?since, first after a start: parse stored basis, live basis, diff', changes, (i) => {
      reader = new SnapshotReader(store);
      unwrap(updateNode(doc, nodes[100 + i]!, { progress: 0.5 }));
    }),
    time('changes?since, basis already parsed: live basis, diff', changes, (i) => unwrap(updateNode(doc, nodes[200 + i]!, { progress: 0.5 }))),
    // Every other meeting screen asking a moment later, nothing changed meanwhile (SPEC M15).
    time('changes?since, asked again, nothing changed: the answer kept', changes),
  );
  store.close();
  const grown = statSync(join(dir, 'throughline.db')).size - sizeBefore;
  console.log(`database growth over ${WARM_UP + RUNS} bench snapshots: ${(grown / 1024 / (WARM_UP + RUNS)).toFixed(1)} KiB each (WAL not yet checkpointed may hide some)`);
  console.log('| step | median ms | p95 ms | target |');
  console.log('|---|---:|---:|---|');
  for (const row of rows) console.log(`| ${row.label} | ${row.median.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.p95 < BUDGET_MS ? 'under' : 'OVER'} ${BUDGET_MS} ms |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
