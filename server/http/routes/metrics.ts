import { Hono } from 'hono';
import type { Services } from '../app-env';
import { requireAdmin } from '../caller';

/** Prometheus text exposition (DESIGN §5), for the instance admin's scraper. */
export function metricsRoutes(services: Services): Hono {
  const { rooms } = services;
  return new Hono().get('/metrics', async (c) => {
    await requireAdmin(c, services);
    const commits = rooms.groupCommit.stats();
    const metrics: Array<[string, 'gauge' | 'counter', string, number]> = [
      ['throughline_connections', 'gauge', 'Open WebSocket connections.', rooms.connectionCount],
      ['throughline_rooms_loaded', 'gauge', 'Workspaces loaded in memory.', rooms.loadedCount],
      ['throughline_update_rows_committed_total', 'counter', 'Update rows committed: one per room per event-loop turn, merging that turn’s client updates.', commits.updates],
      ['throughline_update_bytes_committed_total', 'counter', 'Bytes of document updates committed.', commits.bytes],
      ['throughline_group_commits_total', 'counter', 'Group-commit transactions.', commits.commits],
      ['throughline_group_commit_failures_total', 'counter', 'Group commits that storage refused.', commits.failures],
      ['throughline_group_commit_seconds_total', 'counter', 'Time spent in group-commit transactions.', commits.seconds],
      ['throughline_compactions_total', 'counter', 'Update logs folded into a state row.', rooms.compactionCount],
      ['throughline_event_loop_delay_max_seconds', 'gauge', 'Worst event-loop delay since start.', services.eventLoopDelay.max / 1e9],
      ['throughline_resident_memory_bytes', 'gauge', 'Resident set size of the process.', process.memoryUsage().rss],
    ];
    let text = metrics.map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`).join('');
    text += '# HELP throughline_refusals_total What clients sent that the server refused, by reason (H14).\n';
    text += '# TYPE throughline_refusals_total counter\n';
    for (const [reason, count] of services.refusals.entries()) text += `throughline_refusals_total{reason="${reason}"} ${count}\n`;
    return c.text(text, 200, { 'content-type': 'text/plain; version=0.0.4' });
  });
}
