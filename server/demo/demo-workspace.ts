import type * as Y from 'yjs';
import { addAction } from '../../shared/schema/agenda-actions';
import { createAgendaItem, setDecision } from '../../shared/schema/agenda-accessors';
import { createDependency } from '../../shared/schema/dependency-accessors';
import { unwrap } from '../../shared/schema/op-result';
import { addDays, DAY_MS, formatDay } from '../../shared/schema/utc-dates';
import { initWorkspace } from '../../shared/schema/workspace';
import { acceptProposedDate, commitDependency, completeDependency } from '../../shared/tree/dependency-handshake';
import { createDemoKpis } from './demo-kpis';
import { createDemoTree, type DemoNodes } from './demo-tree';

export const DEMO_TITLE = 'Q4 operating review';

/**
 * Builds the "Q4 operating review" workspace a newcomer lands in (DESIGN §1): a SaaS company's
 * objective tree, six KPIs with ten weeks of readings, five cross-team dependencies and a short
 * review agenda, all dated relative to `now`. Its data already breaches one KPI (cloud cost
 * saving, 22 % behind plan) and one dependency is slipping (the warehouse cut-over Growth needs),
 * so the first rule run pivots it into triage with an impact chain to show.
 *
 * Written through the shared accessors in one transaction (one update to store).
 */
export function buildDemoWorkspace(doc: Y.Doc, now: Date): void {
  const today = formatDay(now.getTime());
  doc.transact(() => {
    initWorkspace(doc, { title: DEMO_TITLE });
    const kpis = createDemoKpis(doc, today, now);
    const nodes = createDemoTree(doc, today, kpis);
    createDemoDependencies(doc, today, nodes, now);
    createDemoAgenda(doc, today);
  });
}

function createDemoDependencies(doc: Y.Doc, today: string, nodes: DemoNodes, now: Date): void {
  const on = (offset: number) => addDays(today, offset);
  const request = (from: string, to: string, needBy: string, owner: string, note: string) =>
    unwrap(createDependency(doc, { from, to, needBy, owner, note }));

  // Platform proposed a date two weeks after Growth's need and Growth accepted it: the slip
  // that reaches Sales' enterprise tier through the usage analytics it waits for.
  const cutover = request(nodes.warehouseCutover, nodes.usageAnalytics, on(10), 'Priya Nair',
    'Usage analytics reads from the new warehouse; the beta cannot start on the old one.');
  unwrap(commitDependency(doc, cutover, on(24), now));
  unwrap(acceptProposedDate(doc, cutover, now));

  const usageReporting = request(nodes.usageAnalytics, nodes.enterpriseTier, on(25), 'Aisha Khan',
    'Enterprise buyers ask for per-seat usage reports in every security review.');
  unwrap(commitDependency(doc, usageReporting, on(22), now));

  const sso = request(nodes.ssoGa, nodes.enterpriseTier, on(12), 'Aisha Khan', 'SSO is a hard requirement for three deals in the pipeline.');
  unwrap(commitDependency(doc, sso, on(10), now));

  const articles = request(nodes.helpCentre, nodes.onboarding, on(-10), 'Sam Okoye', 'Checklist steps link to help-centre articles.');
  // Committed three weeks ago, and delivered since.
  unwrap(commitDependency(doc, articles, on(-12), new Date(now.getTime() - 21 * DAY_MS)));
  unwrap(completeDependency(doc, articles));

  request(nodes.healthScores, nodes.partnerProgramme, on(40), 'Lena Fischer',
    'Partners should only be offered accounts with a healthy score.');
}

/**
 * A recurring review runs through the same standing items every time (an EOS-style scorecard,
 * headlines and to-dos), each with its timebox; starting a meeting reopens them. Then this
 * quarter's own topics.
 */
function createDemoAgenda(doc: Y.Doc, today: string): void {
  unwrap(createAgendaItem(doc, { title: 'Scorecard: every KPI, on or off track', owner: 'Maya Lindqvist', timeboxMin: 5, standing: true }));
  unwrap(createAgendaItem(doc, { title: 'Headlines: customer and people news', timeboxMin: 5, standing: true }));
  unwrap(createAgendaItem(doc, { title: 'To-dos from the last review: done or not done', timeboxMin: 5, standing: true }));
  const forecast = unwrap(createAgendaItem(doc, { title: 'Q4 revenue forecast walkthrough', owner: 'Daniel Okafor', timeboxMin: 15 }));
  unwrap(setDecision(doc, forecast, 'Keep the 4.2M USD commit; revisit after the enterprise tier launch.'));
  unwrap(addAction(doc, forecast, { text: 'Share the deal-by-deal forecast before Friday', owner: 'Daniel Okafor', due: addDays(today, 4) }));
  unwrap(createAgendaItem(doc, { title: 'Platform hiring plan for next quarter', owner: 'Tomás Rivera', timeboxMin: 10 }));
}
