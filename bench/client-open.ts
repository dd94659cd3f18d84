/**
 * npm-free benchmark, not a test: how long a workspace of 2,000 nodes takes to open and render
 * its first view in headless Chromium (issue 4 target: under 1.5 s). It builds the client,
 * starts a server on a temporary directory, seeds the workspace through a live connection,
 * then opens the link in fresh browser profiles (cold: nothing in IndexedDB) and once more in
 * the same profile (warm: the document comes from IndexedDB while the socket syncs).
 *
 *   node --import tsx bench/client-open.ts        RUNS=5 NODES=2000
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type * as Y from 'yjs';
import { createDependency } from '../shared/schema/dependency-accessors';
import { createKpi } from '../shared/schema/kpi-accessors';
import { createNode } from '../shared/schema/node-accessors';
import { unwrap } from '../shared/schema/op-result';
import { appendReadings } from '../shared/schema/readings';
import { keyBetween } from '../shared/tree/fractional-index';
import type { NodeKind } from '../shared/schema/constants';
import { connectSynced, waitFor } from '../test/integration/support/clients';
import { createWorkspace, startTestServer } from '../test/integration/support/test-server';
import { launchBrowser } from '../test/e2e/support/browser';

const RUNS = Number(process.env.RUNS ?? 5);
const NODES = Number(process.env.NODES ?? 2000);
const TARGET_MS = 1500;

/** Fan-out per level: intents → objectives → key results → initiatives → milestones. */
const LEVELS: { kind: NodeKind; fanOut: number }[] = [
  { kind: 'intent', fanOut: 4 },
  { kind: 'objective', fanOut: 4 },
  { kind: 'keyResult', fanOut: 5 },
  { kind: 'initiative', fanOut: 4 },
  { kind: 'milestone', fanOut: 5 },
];

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

function seed(doc: Y.Doc, total: number): number {
  let count = 0;
  const kpis: string[] = [];
  for (let k = 0; k < 20; k++) {
    const id = unwrap(createKpi(doc, { name: `KPI ${k + 1}`, unit: '%', direction: 'increase', target: 100, owner: 'Owner' }));
    unwrap(appendReadings(doc, id, [-14, -7, 0].map((offset, i) => ({ at: day(offset), value: 97 + i, source: 'bench' }))));
    kpis.push(id);
  }
  const milestones: string[] = [];
  const grow = (parent: string | null, level: number) => {
    const spec = LEVELS[level];
    if (!spec) return;
    let order: string | null = null;
    for (let i = 0; i < spec.fanOut && count < total; i++) {
      order = keyBetween(order, null);
      const id = unwrap(
        createNode(doc, {
          kind: spec.kind,
          title: `${spec.kind} ${count + 1}`,
          parent,
          order,
          owner: `Owner ${count % 17}`,
          team: `Team ${count % 6}`,
          due: day(10 + (count % 60)),
          status: 'on-track',
          progress: (count % 10) / 10,
          kpi: spec.kind === 'keyResult' ? kpis[count % kpis.length]! : null,
        }),
      );
      count++;
      if (spec.kind === 'milestone') milestones.push(id);
      grow(id, level + 1);
    }
  };
  doc.transact(() => {
    while (count < total) grow(null, 0);
    for (let i = 0; i + 1 < milestones.length && i < 200; i += 2) {
      unwrap(createDependency(doc, { from: milestones[i]!, to: milestones[i + 1]!, needBy: day(80) }));
    }
  });
  return count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const server = await startTestServer({ clientDir: join(process.cwd(), 'dist') });
  const browser = await launchBrowser();
  try {
    const workspace = await createWorkspace(server.url, 'Benchmark review');
    const client = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.facilitator);
    const nodes = seed(client.doc, NODES);
    // The seed is one large update; wait until a second connection receives all of it.
    const check = await connectSynced(server.wsUrl, workspace.id, workspace.tokens.viewer);
    await waitFor('the seed to reach the server', () => check.doc.getMap('nodes').size === nodes, 30_000);
    check.destroy();
    client.destroy();
    console.log(`workspace: ${nodes} nodes, 20 KPIs, ${Math.min(100, Math.floor(nodes / 10))}+ dependencies`);

    const cold: number[] = [];
    let warm = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => localStorage.setItem('throughline:name', 'Bench'));
      const page = await context.newPage();
      const open = async (url: string) => {
        const started = Date.now();
        await page.goto(url);
        await page.locator('[data-testid="tree-row"]').nth(20).waitFor();
        return Date.now() - started;
      };
      cold.push(await open(workspace.links.viewer!));
      if (run === RUNS - 1) warm = await open(`${server.url}/w/${workspace.id}`);
      await context.close();
    }
    const result = median(cold);
    console.log(`cold open to first view: median ${result} ms over ${RUNS} runs (${cold.join(', ')} ms)`);
    console.log(`warm open (IndexedDB): ${warm} ms`);
    console.log(result < TARGET_MS ? `PASS: under ${TARGET_MS} ms` : `MISS: target is ${TARGET_MS} ms`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
