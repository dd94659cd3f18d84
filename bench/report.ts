/**
 * Reads one compare run (JSON lines from ../shared/bench/compare.sh) and the cold-load lines,
 * and prints our figures as ratios against the peers measured in the same run, beside the
 * targets of the collaboration-server issue and of the large-audience one (issue 15, whose runs
 * come from bench/audience.sh and may be passed as a further file).
 */
import { readFileSync } from 'node:fs';

interface Run {
  name: string;
  workload: string;
  p50: number;
  p99: number;
  delivered: number;
  serverCpuS: number;
  rssStartKB: number;
  rssEndKB: number;
  /** Until every client had its sync step 2: the joins. */
  connectMs: number;
}
interface ColdLoad {
  kind: string;
  cold: { ms: number };
  warm: { ms: number }[];
}

const files = process.argv.slice(2);
const compareFile = files[0];
const coldFile = files.find((file, i) => i > 0 && file.includes('coldload'));
/** Parsed JSON lines; a run that failed (and printed no figures) is reported and skipped. */
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        console.log(`(skipped a failed run: ${line.slice(0, 80)}…)`);
        return [];
      }
    });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
// A run whose load failed carries an `error` and no figures.
const runs = files
  .filter((file) => file !== coldFile)
  .flatMap((file) => lines(file) as Array<Run & { error?: string }>)
  .filter((run) => run.error === undefined);
const of = (workload: string, name: string) => runs.filter((r) => r.workload === workload && r.name === name);
const cpuPerDelivery = (rs: Run[]) => median(rs.map((r) => (r.serverCpuS / Math.max(1, r.delivered)) * 1e6));
const p99 = (rs: Run[]) => median(rs.map((r) => r.p99));
const growth = (rs: Run[]) => median(rs.map((r) => r.rssEndKB - r.rssStartKB));

const rows: Array<[string, string, number, string]> = [];
const check = (what: string, ratio: number, limit: number, against: string) =>
  rows.push([what, `${ratio.toFixed(2)}x ${against}`, ratio, ratio <= limit ? `ok (target ≤ ${limit}x)` : `MISSED (target ≤ ${limit}x)`]);

for (const workload of ['room100', 'room200']) {
  const ours = of(workload, 'ours');
  if (ours.length === 0) continue;
  check(`${workload} CPU per delivered message`, cpuPerDelivery(ours) / cpuPerDelivery(of(workload, 'floor')), 1.2, 'floor');
  const betterPeer = Math.min(p99(of(workload, 'yws')), p99(of(workload, 'hp')));
  check(`${workload} p99 latency`, p99(ours) / betterPeer, 1, 'better peer');
}
if (of('rooms500', 'ours').length > 0) {
  // The capacity issue's targets for many small rooms: as cheap as the in-memory reference server.
  const ours = of('rooms500', 'ours');
  check('rooms500 CPU per delivered message', cpuPerDelivery(ours) / cpuPerDelivery(of('rooms500', 'yws')), 1, 'y-websocket');
  check('rooms500 p99 latency', p99(ours) / Math.min(p99(of('rooms500', 'yws')), p99(of('rooms500', 'hp'))), 1, 'better peer');
  check('rooms500 memory growth', growth(ours) / growth(of('rooms500', 'yws')), 0.5, 'y-websocket');
}
if (of('audience', 'ours').length > 0) {
  const syncMs = (rs: Run[]) => median(rs.map((r) => r.connectMs));
  const p50 = (rs: Run[]) => median(rs.map((r) => r.p50));
  const ours = of('audience', 'ours');
  check('audience CPU per delivery, joins included', cpuPerDelivery(ours) / cpuPerDelivery(of('audience', 'floor')), 1, 'floor');
  check('audience time for all 1,000 to sync', syncMs(ours) / syncMs(of('audience', 'floor')), 1, 'floor');
  // Not a target: against the floor giving every newcomer the same blank workspace ours gives.
  if (of('audience', 'floordoc').length > 0) {
    const ratio = syncMs(ours) / syncMs(of('audience', 'floordoc'));
    rows.push(['audience time for all 1,000 to sync', `${ratio.toFixed(2)}x floordoc`, ratio, '(reference: the floor serving the same document)']);
  }
  const bestPeer = Math.min(...['floor', 'yws', 'hp'].map((peer) => p99(of('audience', peer))));
  check('audience p99 latency', p99(ours) / bestPeer, 0.8, 'best peer');
  // Medians per server, and ours as a ratio of each peer's: the figures drift between runs, the ratios less.
  const metrics: Array<[string, (rs: Run[]) => number]> = [
    ['CPU µs/delivery', cpuPerDelivery],
    ['p50 ms', p50],
    ['p99 ms', p99],
    ['all synced ms', syncMs],
    ['RSS growth MB', (rs) => growth(rs) / 1024],
  ];
  console.log(`audience medians: ${metrics.map(([name]) => name).join(' | ')}`);
  for (const name of ['floor', 'floordoc', 'yws', 'hp', 'ours']) {
    const rs = of('audience', name);
    if (rs.length === 0) {
      console.log(`  ${name.padEnd(8)} (no run)`);
      continue;
    }
    const cells = metrics.map(([, metric]) => metric(rs).toFixed(1));
    const ratios = name === 'ours' ? '' : `   ours = ${metrics.map(([, metric]) => (metric(ours) / metric(rs)).toFixed(2) + 'x').join(' | ')}`;
    console.log(`  ${name.padEnd(8)} ${cells.join(' | ')}${ratios}`);
  }
}
if (coldFile) {
  const cold = lines(coldFile) as ColdLoad[];
  const ms = (kind: string) => cold.find((c) => c.kind === kind)?.cold.ms ?? NaN;
  check('cold load of 20,000 updates', ms('ours') / ms('hp'), 0.5, 'Hocuspocus');
}

const width = Math.max(...rows.map((r) => r[0].length));
for (const [what, ratio, , verdict] of rows) console.log(`${what.padEnd(width)}  ${ratio.padEnd(20)} ${verdict}`);
