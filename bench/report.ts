/**
 * Reads one compare run (JSON lines from ../shared/bench/compare.sh) and the cold-load lines,
 * and prints our figures as ratios against the peers measured in the same run, beside the
 * targets of the collaboration-server issue.
 */
import { readFileSync } from 'node:fs';

interface Run {
  name: string;
  workload: string;
  p99: number;
  delivered: number;
  serverCpuS: number;
  rssStartKB: number;
  rssEndKB: number;
}
interface ColdLoad {
  kind: string;
  cold: { ms: number };
  warm: { ms: number }[];
}

const [compareFile, coldFile] = process.argv.slice(2);
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
const runs = lines(compareFile!) as Run[];
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
  check('rooms500 memory growth', growth(of('rooms500', 'ours')) / growth(of('rooms500', 'yws')), 0.5, 'y-websocket');
}
if (coldFile) {
  const cold = lines(coldFile) as ColdLoad[];
  const ms = (kind: string) => cold.find((c) => c.kind === kind)?.cold.ms ?? NaN;
  check('cold load of 20,000 updates', ms('ours') / ms('hp'), 0.5, 'Hocuspocus');
}

const width = Math.max(...rows.map((r) => r[0].length));
for (const [what, ratio, , verdict] of rows) console.log(`${what.padEnd(width)}  ${ratio.padEnd(20)} ${verdict}`);
