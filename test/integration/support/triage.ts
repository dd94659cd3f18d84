import type * as Y from 'yjs';
import { evaluateRules } from '../../../shared/rules/index';
import type { Finding } from '../../../shared/rules/finding';
import type { ChangeContext } from '../../../shared/schema/agenda-accessors';
import { readAgendaItem, type AgendaItemView } from '../../../shared/schema/agenda-read';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import type { LogEntry, WorkspaceJson } from '../../../shared/schema/types';
import { DAY_MS, formatDay, todayMs } from '../../../shared/schema/utc-dates';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { waitFor, type Client } from './clients';
import type { WorkspaceFixture } from './fixture';

/**
 * What the triage and meeting tests share: a facilitator's stock client acting through the shared
 * accessors as the browser does, and REST readings answered after the rules ran (DESIGN §4).
 */

export const day = (offsetDays = 0, now = new Date()) => formatDay(todayMs(now) + offsetDays * DAY_MS);

/** Who the log says acted, and when: the facilitator's own clock, as in the browser. */
export const facilitatorAt = (now = new Date()): ChangeContext => ({ by: 'Facilitator', now });

/** The findings a client's screen shows (the same rule modules as the server's). */
export function findingsOn(doc: Y.Doc, now = new Date()): Finding[] {
  const view = readWorkspaceView(doc);
  return evaluateRules(view, view.rules, now);
}

export function itemOn(client: Client, id: string): AgendaItemView | null {
  return readAgendaItem(id, client.doc.getMap('agenda').get(id));
}

export const logOn = (client: Client): LogEntry[] => client.doc.getArray<LogEntry>('log').toArray();

export interface ReadingAnswer {
  status: number;
  mode: string;
  findings: Finding[];
}

/** `POST …/kpis/:kpiId/readings` as the editor: the answer carries the mode after the rules ran. */
export async function postReading(fixture: WorkspaceFixture, kpiId: string, value: number, at = day()): Promise<ReadingAnswer> {
  const response = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/kpis/${kpiId}/readings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ at, value, source: 'warehouse' }),
  });
  const body = (await response.json()) as Partial<ReadingAnswer>;
  return { status: response.status, mode: body.mode ?? '', findings: body.findings ?? [] };
}

/** The stored document as `GET /api/workspaces/:id` answers it (it waits for the commit). */
export async function storedJson(fixture: WorkspaceFixture): Promise<WorkspaceJson & { findings: Finding[] }> {
  return (await (await fixture.readAsViewer()).json()) as WorkspaceJson & { findings: Finding[] };
}

/**
 * A KPI made on `client` (increase from 100 to a target of 110, no plan: 100 is amber, 80 red,
 * 110 on target), once the server has it so that REST readings find it.
 */
export async function addKpi(fixture: WorkspaceFixture, client: Client, name: string): Promise<string> {
  const id = unwrap(createKpi(client.doc, { name, unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Dana' }));
  await waitFor(`${name} to reach the server`, async () => (await storedJson(fixture)).kpis[id] !== undefined);
  return id;
}

/**
 * Waits until `client` holds the item as the rules left it after a REST answer: every finding the
 * server reported on its subject, with the server's message. The policy writes an item's findings,
 * state and log entry in one transaction, so this also means any reopening or resolving has arrived.
 */
export function untilItemShows(client: Client, itemId: string, answer: ReadingAnswer): Promise<void> {
  const expected = answer.findings.filter((finding) => itemId === `triage:${finding.subject.type}:${finding.subject.id}`);
  return waitFor(`${itemId} to show the server's findings`, () => {
    const held = itemOn(client, itemId)?.findings ?? [];
    return held.length === expected.length && expected.every((finding) => held.some((h) => h.key === finding.key && h.message === finding.message));
  });
}
