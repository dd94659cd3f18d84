import * as Y from 'yjs';
import { formatDate } from '../../../shared/rules/format';
import { createDependency } from '../../../shared/schema/dependency-accessors';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { appendReadings } from '../../../shared/schema/readings';
import { parseDay } from '../../../shared/schema/utc-dates';
import { addNode } from '../../../shared/tree/tree-ops';
import { connectSynced, waitFor } from '../../integration/support/clients';
import type { CreatedWorkspace } from '../../integration/support/test-server';

export interface SeededIds {
  intent: string;
  objective: string;
  keyResult: string;
  initiative: string;
  milestone: string;
  nrr: string;
  dependency: string;
}

/** A day `offset` days from today, as the document writes dates. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** That day as the screen words it: "12 Dec 2026" (SPEC U38). */
export function dayInWords(offset: number): string {
  return formatDate(parseDay(day(offset))!);
}

/**
 * A small healthy review: one branch of the tree down to a milestone, a KPI on plan with fresh
 * readings, and a dependency with plenty of time. No red finding, so the review stays in review
 * until a test posts a reading that breaches.
 */
export function seedReview(doc: Y.Doc): SeededIds {
  const nrr = unwrap(
    createKpi(doc, { name: 'Net revenue retention', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Dana', cadenceDays: 7 }),
  );
  unwrap(appendReadings(doc, nrr, [-21, -14, -7, 0].map((offset, i) => ({ at: day(offset), value: 107 + i, source: 'seed' })), new Date()));
  const intent = unwrap(addNode(doc, { kind: 'intent', title: 'Grow profitably', parent: null, owner: 'Dana' }));
  const objective = unwrap(addNode(doc, { kind: 'objective', title: 'Win the mid-market', parent: intent, owner: 'Dana', team: 'Sales' }));
  const keyResult = unwrap(addNode(doc, { kind: 'keyResult', title: 'Retention at 110 %', parent: objective, owner: 'Ravi', kpi: nrr }));
  const initiative = unwrap(
    addNode(doc, { kind: 'initiative', title: 'Onboarding revamp', parent: keyResult, owner: 'Ana', team: 'Growth', due: day(40) }),
  );
  const milestone = unwrap(
    addNode(doc, { kind: 'milestone', title: 'Usage export API', parent: initiative, owner: 'Lee Park', team: 'Platform', due: day(20) }),
  );
  const dependency = unwrap(createDependency(doc, { from: milestone, to: initiative, needBy: day(30), owner: 'Ana' }));
  return { intent, objective, keyResult, initiative, milestone, nrr, dependency };
}

/** Seeds a workspace through a facilitator's live connection, as any client would; `more` adds to the review. */
export async function seedWorkspace(wsUrl: string, workspace: CreatedWorkspace, more?: (doc: Y.Doc) => void): Promise<SeededIds> {
  const client = await connectSynced(wsUrl, workspace.id, workspace.tokens.facilitator);
  const ids = seedReview(client.doc);
  more?.(client.doc);
  // The provider sends updates as they happen; they are in the room once a second client, synced
  // after them, holds all of them (a fixed 300 ms wait did this before, 146 times a run).
  const written = Y.decodeStateVector(Y.encodeStateVector(client.doc));
  const check = await connectSynced(wsUrl, workspace.id, workspace.tokens.facilitator);
  try {
    await waitFor('the seeded review to reach the server', () => {
      const held = Y.decodeStateVector(Y.encodeStateVector(check.doc));
      return [...written].every(([id, clock]) => (held.get(id) ?? 0) >= clock);
    });
  } finally {
    check.destroy();
    client.destroy();
  }
  return ids;
}
