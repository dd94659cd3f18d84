import type { Locator, Page } from 'playwright-core';
import { createAgendaItem } from '../../../shared/schema/agenda-accessors';
import { addAction } from '../../../shared/schema/agenda-actions';
import { unwrap } from '../../../shared/schema/op-result';
import { expect } from 'vitest';
import type { ServerAndBrowser } from './browser';
import { viewTab } from './agenda';
import { seededReview } from './meeting';
import { day } from './seed';
import { eventually } from './poll';
import type { CreatedWorkspace } from '../../integration/support/test-server';
import type { SeededIds } from './seed';

/** The six views over the workspace, by the name of their tab. */
export const VIEW_NAMES = ['Objectives', 'KPIs', 'Dependencies', 'Agenda', 'Actions', 'History'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/**
 * What shows once a view has drawn what it reads (the document, or a REST answer), and a control
 * a person needs there. On Objectives a row is selected, so the details panel is open too.
 */
const READY: Record<ViewName, (page: Page) => Locator> = {
  Objectives: (page) => page.getByTestId('inspector'),
  KPIs: (page) => page.getByRole('heading', { name: 'Net revenue retention' }),
  Dependencies: (page) => page.getByRole('table', { name: 'Dependencies by team and state' }),
  Agenda: (page) => page.getByRole('article', { name: 'Hiring plan for Q1' }),
  Actions: (page) => page.getByTestId('action-row').first(),
  History: (page) => page.getByTestId('snapshot').first(),
};

/** Opens a view by its tab and waits until it shows what it reads. */
export async function openView(page: Page, name: ViewName): Promise<Locator> {
  await viewTab(page, name).click();
  await eventually(() => viewTab(page, name).getAttribute('aria-current')).toBe('page');
  if (name === 'Objectives') await page.getByRole('textbox', { name: 'Intent title' }).click();
  const ready = READY[name](page);
  await ready.waitFor();
  return ready;
}

/**
 * A seeded review with something in every view: an agenda topic with an action (Agenda, Actions)
 * and a snapshot (History; what changed since shows once a reading has moved a KPI).
 */
export async function furnishedReview(env: ServerAndBrowser): Promise<{ workspace: CreatedWorkspace; ids: SeededIds }> {
  const review = await seededReview(env, (doc) => {
    const item = unwrap(createAgendaItem(doc, { title: 'Hiring plan for Q1', owner: 'Dana', timeboxMin: 10 }));
    unwrap(addAction(doc, item, { text: 'Draft the hiring plan', owner: 'Ravi', due: day(7) }));
  });
  const response = await fetch(`${env.server.url}/api/workspaces/${review.workspace.id}/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${review.workspace.tokens.facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'Last review' }),
  });
  expect(response.status).toBeLessThan(300);
  return review;
}
