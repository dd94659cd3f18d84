import type * as Y from 'yjs';
import { unwrap } from '../../shared/schema/op-result';
import { addDays } from '../../shared/schema/utc-dates';
import { addNode, type NewTreeNode } from '../../shared/tree/tree-ops';
import type { DemoKpis } from './demo-kpis';

/** The nodes the demo's dependencies and agenda refer to. */
export interface DemoNodes {
  enterpriseTier: string;
  ssoGa: string;
  partnerProgramme: string;
  usageAnalytics: string;
  warehouseCutover: string;
  helpCentre: string;
  onboarding: string;
  healthScores: string;
}

type Fields = Omit<NewTreeNode, 'parent' | 'index'>;

/**
 * The objective tree of the demo: one intent, three objectives, six key results, ten
 * initiatives and five milestones, owned by real-sounding people in Sales, Growth, Platform,
 * Finance and Customer Success. Dates are relative to `today` so the demo is always current.
 */
export function createDemoTree(doc: Y.Doc, today: string, kpis: DemoKpis): DemoNodes {
  const on = (offset: number) => addDays(today, offset);
  const add = (parent: string | null, fields: Fields) => unwrap(addNode(doc, { ...fields, parent }));
  const quarterEnd = on(35);
  const review = on(7);

  const intent = add(null, {
    kind: 'intent', title: 'Build a durable, efficient growth engine', owner: 'Maya Lindqvist', team: 'Leadership',
    due: quarterEnd, status: 'on-track', notes: 'Our north star for the year: grow ARR 40% while reaching 78% gross margin.',
  });

  const arrObjective = add(intent, {
    kind: 'objective', title: 'Accelerate net new ARR', owner: 'Daniel Okafor', team: 'Sales',
    due: quarterEnd, reviewDate: review, status: 'on-track', weight: 2,
  });
  const arrKr = add(arrObjective, {
    kind: 'keyResult', title: 'Close 4.2M USD of net new ARR this quarter', owner: 'Daniel Okafor', team: 'Sales',
    kpi: kpis.arr, due: quarterEnd, reviewDate: review, status: 'on-track', confidence: 0.7,
  });
  const enterpriseTier = add(arrKr, {
    kind: 'initiative', title: 'Enterprise tier with SSO and audit logs', owner: 'Aisha Khan', team: 'Sales',
    stage: 'started', status: 'on-track', progress: 0.45, due: on(20), confidence: 0.7,
    value: { planned: 900, realised: 310, unit: 'kUSD' },
  });
  const ssoGa = add(enterpriseTier, {
    kind: 'milestone', title: 'SSO generally available', owner: 'Tomás Rivera', team: 'Platform', due: on(10), status: 'on-track', progress: 0.7,
  });
  const partnerProgramme = add(arrKr, {
    kind: 'initiative', title: 'Partner referral programme', owner: 'Lena Fischer', team: 'Growth',
    stage: 'approved', status: 'at-risk', progress: 0.2, due: on(28), confidence: 0.35,
    confidenceNote: 'Two of the five launch partners have not signed the referral agreement yet.',
    value: { planned: 450, realised: 0, unit: 'kUSD' },
  });
  const conversionKr = add(arrObjective, {
    kind: 'keyResult', title: 'Lift trial-to-paid conversion to 18%', owner: 'Lena Fischer', team: 'Growth',
    kpi: kpis.conversion, due: quarterEnd, reviewDate: review, status: 'on-track', confidence: 0.6,
  });
  const usageAnalytics = add(conversionKr, {
    kind: 'initiative', title: 'Self-serve usage analytics', owner: 'Priya Nair', team: 'Growth',
    stage: 'detailed', status: 'on-track', progress: 0.25, due: on(30), confidence: 0.55,
    value: { planned: 300, realised: 0, unit: 'kUSD' },
  });
  add(usageAnalytics, {
    kind: 'milestone', title: 'Usage dashboard beta', owner: 'Priya Nair', team: 'Growth', due: on(16), status: 'on-track', progress: 0.25,
  });
  const onboarding = add(conversionKr, {
    kind: 'initiative', title: 'Onboarding checklist redesign', owner: 'Sam Okoye', team: 'Growth',
    stage: 'effective', status: 'on-track', progress: 0.9, due: on(5), confidence: 0.85,
    value: { planned: 180, realised: 120, unit: 'kUSD' },
  });
  add(onboarding, {
    kind: 'milestone', title: 'Checklist A/B test readout', owner: 'Sam Okoye', team: 'Growth', due: on(-2), status: 'on-track', progress: 0.8,
  });

  const marginObjective = add(intent, {
    kind: 'objective', title: 'Improve gross margin to 78%', owner: 'Priya Raman', team: 'Finance',
    due: quarterEnd, reviewDate: review, status: 'at-risk',
  });
  const cloudKr = add(marginObjective, {
    kind: 'keyResult', title: 'Cut cloud spend by 240 kUSD a month', owner: 'Tomás Rivera', team: 'Platform',
    kpi: kpis.cloudSaving, due: quarterEnd, reviewDate: review, status: 'at-risk', confidence: 0.5,
  });
  add(cloudKr, {
    kind: 'initiative', title: 'Move analytics workloads to reserved instances', owner: 'Tomás Rivera', team: 'Platform',
    stage: 'started', status: 'on-track', progress: 0.6, due: on(14), confidence: 0.75,
    value: { planned: 120, realised: 70, unit: 'kUSD' },
  });
  const migration = add(cloudKr, {
    kind: 'initiative', title: 'Data platform migration', owner: 'Chen Wei', team: 'Platform',
    stage: 'started', status: 'at-risk', progress: 0.35, due: on(26), confidence: 0.45,
    confidenceNote: 'The legacy ETL jobs took twice as long to port as estimated.',
    value: { planned: 180, realised: 40, unit: 'kUSD' },
  });
  const warehouseCutover = add(migration, {
    kind: 'milestone', title: 'Warehouse cut-over', owner: 'Chen Wei', team: 'Platform', due: on(24), status: 'at-risk', progress: 0.3,
  });
  const supportKr = add(marginObjective, {
    kind: 'keyResult', title: 'Bring support cost per ticket under 9 USD', owner: 'Grace Mensah', team: 'Customer Success',
    kpi: kpis.supportCost, due: quarterEnd, reviewDate: review, status: 'on-track', confidence: 0.65,
  });
  const helpCentre = add(supportKr, {
    kind: 'initiative', title: 'In-app help centre to deflect tickets', owner: 'Grace Mensah', team: 'Customer Success',
    stage: 'started', status: 'on-track', progress: 0.55, due: on(21), confidence: 0.7,
    value: { planned: 150, realised: 60, unit: 'kUSD' },
  });
  add(supportKr, {
    kind: 'initiative', title: 'Tiered support SLAs', team: 'Customer Success', stage: 'idea', status: 'not-started',
    notes: 'Proposed in the October ops review; needs an owner before it can be scoped.',
  });

  const retentionObjective = add(intent, {
    kind: 'objective', title: 'Keep the customers we have', owner: 'Grace Mensah', team: 'Customer Success',
    due: quarterEnd, reviewDate: review, status: 'on-track',
  });
  const churnKr = add(retentionObjective, {
    kind: 'keyResult', title: 'Hold gross revenue churn under 1.2% a month', owner: 'Grace Mensah', team: 'Customer Success',
    kpi: kpis.churn, due: quarterEnd, reviewDate: review, status: 'on-track', confidence: 0.6,
  });
  const healthScores = add(churnKr, {
    kind: 'initiative', title: 'Health scores and churn alerts for CSMs', owner: 'Marco Bianchi', team: 'Customer Success',
    stage: 'detailed', status: 'on-track', progress: 0.3, due: on(21), confidence: 0.6,
    value: { planned: 200, realised: 0, unit: 'kUSD' },
  });
  const uptimeKr = add(retentionObjective, {
    kind: 'keyResult', title: 'Keep API uptime at 99.9% or better', owner: 'Tomás Rivera', team: 'Platform',
    kpi: kpis.uptime, due: quarterEnd, reviewDate: review, status: 'on-track', confidence: 0.8,
  });
  const failover = add(uptimeKr, {
    kind: 'initiative', title: 'Multi-region failover', owner: 'Noah Williams', team: 'Platform',
    stage: 'approved', status: 'on-track', progress: 0.4, due: on(30), confidence: 0.6, kpi: kpis.uptime,
  });
  add(failover, {
    kind: 'milestone', title: 'Failover game day', owner: 'Noah Williams', team: 'Platform', due: on(12), status: 'on-track', progress: 0.4,
  });

  return { enterpriseTier, ssoGa, partnerProgramme, usageAnalytics, warehouseCutover, helpCentre, onboarding, healthScores };
}
