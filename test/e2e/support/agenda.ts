import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CreatedWorkspace } from '../../integration/support/test-server';
import { day } from './seed';

/** One of the workspace's view tabs (Objectives, KPIs, Dependencies, Agenda). */
export function viewTab(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
}

/** The seconds a timer shows ("12:40" reads 760), whatever follows it (timebox, overtime). */
export async function timerSeconds(timer: Locator): Promise<number> {
  const text = (await timer.getByTestId('timer-elapsed').textContent()) ?? '';
  const [minutes, seconds] = text.split(':').map(Number);
  return minutes! * 60 + seconds!;
}

/**
 * Posts today's reading for a KPI over REST as an integration would. The server appends it, runs
 * the rules and answers only then, so the mode it answers is the mode after that rule run.
 */
export async function postReading(url: string, workspace: CreatedWorkspace, kpiId: string, value: number): Promise<{ mode: string }> {
  const response = await fetch(`${url}/api/workspaces/${workspace.id}/kpis/${kpiId}/readings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workspace.tokens.editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ at: day(0), value, source: 'finance' }),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as { mode: string };
}
