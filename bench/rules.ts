import { performance } from 'node:perf_hooks';
import { timeRuns, type Row } from './timing';
import * as Y from 'yjs';
import { applyTriagePolicy } from '../shared/pivot/triage-policy';
import { computeRollups } from '../shared/rollup/rollups';
import { evaluateRules } from '../shared/rules/index';
import { updateNode } from '../shared/schema/node-accessors';
import { unwrap } from '../shared/schema/op-result';
import { readWorkspaceView } from '../shared/schema/workspace-view';
import { appendOneReading, buildBenchWorkspace } from './bench-workspace';

/**
 * How long the server's rule run takes on a big workspace (DESIGN §4 runs it after every change,
 * debounced to 100 ms, so it must be a small fraction of that). Not a test: run it with
 *   node --import tsx bench/rules.ts
 *
 * "cold" is the first evaluation of a freshly loaded document (every entry read from the Y
 * types); the other rows are what the server pays per change, where the view re-reads only the
 * entries that changed. The last row runs the rules as the server's rule runner does, inside the
 * transaction its triage writes go in.
 */
const SHAPE = { nodes: 5_000, kpis: 500, readingsPerKpi: 50, deps: 1_000 };
const WARM_UP = 5;
const RUNS = 20;
/** What one evaluation may cost: after a change (DESIGN §4), and the first after a load (issue 10). */
const BUDGET_MS = 20;

/** Times `measure` after `prepare` (untimed) for each run. */
const time = (label: string, measure: (i: number) => void, prepare?: (i: number) => void): Row => timeRuns(WARM_UP, RUNS, label, measure, prepare);

function evaluate(doc: Y.Doc): void {
  const view = readWorkspaceView(doc);
  evaluateRules(view, view.rules, now);
}

const now = new Date();
const doc = new Y.Doc();
const built = performance.now();
buildBenchWorkspace(doc, SHAPE, now);
const buildMs = performance.now() - built;
const stored = Y.encodeStateAsUpdate(doc);
const firstView = readWorkspaceView(doc);
const findings = evaluateRules(firstView, firstView.rules, now);
applyTriagePolicy(doc, firstView, findings, now, 'bench');
const someNode = [...firstView.nodes.keys()][1]!;

let replica = new Y.Doc();
const rows: Row[] = [
  time('cold: readWorkspaceView', () => readWorkspaceView(replica), () => {
    replica.destroy();
    replica = new Y.Doc();
    Y.applyUpdate(replica, stored);
  }),
  time('cold: read + evaluateRules', () => evaluate(replica), () => {
    replica.destroy();
    replica = new Y.Doc();
    Y.applyUpdate(replica, stored);
  }),
  time('no change: read + evaluateRules', () => evaluate(doc)),
  time('reading appended: read + evaluateRules', () => evaluate(doc), (i) => appendOneReading(doc, now, 1000 + i)),
  time('title edited: read + evaluateRules', () => evaluate(doc), (i) => unwrap(updateNode(doc, someNode, { title: `Renamed ${i}` }))),
  time('reading appended: + rollups + triage policy', () => {
    const view = readWorkspaceView(doc);
    const found = evaluateRules(view, view.rules, now);
    computeRollups(view, found);
    applyTriagePolicy(doc, view, found, now, 'bench');
  }, (i) => appendOneReading(doc, now, 2000 + i)),
  // As the server's rule runner does it (runRules inside room.change): in one transaction.
  time('reading appended: rule run in a transaction', () => {
    doc.transact(() => {
      const view = readWorkspaceView(doc);
      applyTriagePolicy(doc, view, evaluateRules(view, view.rules, now), now, 'bench');
    }, 'bench');
  }, (i) => appendOneReading(doc, now, 3000 + i)),
];

const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(11);
console.log(`workspace: ${SHAPE.nodes} nodes, ${SHAPE.kpis} KPIs × ${SHAPE.readingsPerKpi} readings, ${SHAPE.deps} dependencies`);
console.log(`built in ${buildMs.toFixed(0)} ms; ${findings.length} findings (${findings.filter((f) => f.severity === 'red').length} red)`);
console.log(`${'step'.padEnd(40)}${'median'.padStart(11)}${'p95'.padStart(11)}`);
for (const row of rows) console.log(`${row.label.padEnd(40)}${ms(row.median)}${ms(row.p95)}`);
const perChange = rows.slice(2);
const worst = Math.max(...perChange.map((row) => row.median));
console.log(`per-change evaluation, worst median ${worst.toFixed(2)} ms: ${worst <= BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget`);
const cold = rows[1]!.median;
console.log(`first evaluation after a load, median ${cold.toFixed(2)} ms: ${cold <= BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms target`);
