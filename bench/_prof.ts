import * as Y from 'yjs';
import { performance } from 'node:perf_hooks';
import { diffWorkspaces } from '../shared/history/changes';
import { workspaceToJson } from '../shared/schema/to-json';
import { runRules } from '../server/rooms/rule-runner';
import { buildBenchWorkspace } from '../bench/bench-workspace';
const now = new Date();
const doc = new Y.Doc();
buildBenchWorkspace(doc, { nodes: 5_000, kpis: 500, readingsPerKpi: 50, deps: 1_000 }, now);
runRules(doc, now);
const t = (l: string, f: () => any) => { const s = performance.now(); const r = f(); console.log(l, (performance.now() - s).toFixed(1)); return r; };
for (let i = 0; i < 4; i++) {
  const data = t('encode', () => Y.encodeStateAsUpdate(doc));
  const d2 = new Y.Doc();
  t('apply', () => Y.applyUpdate(d2, data));
  const j1 = t('toJson snap', () => workspaceToJson(d2));
  const s = t('stringify', () => JSON.stringify(j1));
  console.log('json bytes', s.length, 'update bytes', data.length);
  const p = t('parse', () => JSON.parse(s));
  const j2 = t('toJson live', () => workspaceToJson(doc));
  t('diff', () => diffWorkspaces(p, j2));
}
