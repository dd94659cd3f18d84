import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { dependencySlip } from '../../../../shared/rules/dependency-slip';
import { evidenceFigures, viewNames, type EvidenceNames } from '../../../../shared/rules/evidence';
import type { Finding, Rule, RuleParams } from '../../../../shared/rules/finding';
import { evaluateRules, RULES } from '../../../../shared/rules/index';
import { kpiReadingDate } from '../../../../shared/rules/kpi-reading-date';
import { kpiStale } from '../../../../shared/rules/kpi-stale';
import { kpiThreshold } from '../../../../shared/rules/kpi-threshold';
import { kpiTrend } from '../../../../shared/rules/kpi-trend';
import { lowConfidence } from '../../../../shared/rules/low-confidence';
import { milestoneOverdue } from '../../../../shared/rules/milestone-overdue';
import { missingOwner } from '../../../../shared/rules/missing-owner';
import { unwrap } from '../../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { acceptProposedDate, commitDependency, flagDependency } from '../../../../shared/tree/dependency-handshake';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, NOW, nowAt, pushRawReadings, run } from '../../support/workspace-fixtures';

/** What a person reads beside the one finding `rule` raises on `doc`: [label, value] pairs. */
function figuresOf<P extends RuleParams>(doc: Y.Doc, rule: Rule<P>, params: Partial<P> = {}, now = NOW): [string, string][] {
  const findings = run(doc, rule, params, now);
  expect(findings).toHaveLength(1);
  return read(findings[0]!, viewNames(readWorkspaceView(doc)));
}

function read(finding: Finding, names: EvidenceNames): [string, string][] {
  return evidenceFigures(finding, names).map((figure) => [figure.label, figure.value]);
}

const NO_NAMES: EvidenceNames = { node: () => undefined, kpi: () => undefined };

/** Weekly readings ending yesterday. */
function weekly(values: number[]): [string, number][] {
  return values.map((value, i) => [day(-1 - 7 * (values.length - 1 - i)), value]);
}

describe('evidence of a KPI behind plan (kpi-threshold)', () => {
  it('reads the latest reading with its date, the target, how far behind and the bands', () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 200, readings: [[day(-14), 156]] });
    expect(figuresOf(doc, kpiThreshold)).toEqual([
      ['Latest reading', '156 kUSD on 3 Nov 2025'],
      ['Target', '200 kUSD'],
      ['Behind by', '44 kUSD (22%)'],
      ['Amber at', '5% behind'],
      ['Red at', '15% behind'],
    ]);
  });

  it('names the plan when the reference comes from one, and dates a timestamped reading by its day', () => {
    const doc = newWorkspace();
    const plan = [
      { at: day(-20), value: 100 },
      { at: day(-10), value: 200 },
    ];
    addKpi(doc, { target: 1000, plan, readings: [['2025-11-16T09:30:00Z', 170]] });
    expect(figuresOf(doc, kpiThreshold)).toEqual([
      ['Latest reading', '170 kUSD on 16 Nov 2025'],
      ['Plan', '200 kUSD'],
      ['Behind by', '30 kUSD (15%)'],
      ['Amber at', '5% behind'],
      ['Red at', '15% behind'],
    ]);
  });

  it('says "above" for a KPI meant to go down', () => {
    const doc = newWorkspace();
    addKpi(doc, { name: 'Cost per order', direction: 'decrease', target: 10, unit: 'USD', readings: [[day(-1), 11.5]] });
    expect(figuresOf(doc, kpiThreshold)).toEqual([
      ['Latest reading', '11.5 USD on 16 Nov 2025'],
      ['Target', '10 USD'],
      ['Above by', '1.5 USD (15%)'],
      ['Amber at', '5% above'],
      ['Red at', '15% above'],
    ]);
  });

  it("[C4] shows the band of a KPI to maintain and how far outside it the reading is, as a share of the band's width", () => {
    const doc = newWorkspace();
    addKpi(doc, { name: 'Latency', unit: 'ms', direction: 'maintain', lower: 40, upper: 60, target: null, readings: [[day(-1), 69]] });
    expect(figuresOf(doc, kpiThreshold)).toEqual([
      ['Latest reading', '69 ms on 16 Nov 2025'],
      ['Band', '40–60 ms'],
      ['Outside by', "9 ms (45% of the band's width)"],
      ['Amber at', "5% of the band's width outside"],
      ['Red at', "15% of the band's width outside"],
    ]);
  });

  it('[C4] says "of the bound" for a band of one value', () => {
    const doc = newWorkspace();
    addKpi(doc, { name: 'Headcount', unit: '', direction: 'maintain', lower: 50, upper: 50, target: null, readings: [[day(-1), 40]] });
    expect(figuresOf(doc, kpiThreshold)).toContainEqual(['Outside by', '10 (20% of the bound)']);
  });

  it('writes a percentage band with its unit once', () => {
    const doc = newWorkspace();
    addKpi(doc, { name: 'Uptime', unit: '%', direction: 'maintain', lower: 99.9, upper: 100, target: null, readings: [[day(-1), 90]] });
    expect(figuresOf(doc, kpiThreshold)).toContainEqual(['Band', '99.9–100%']);
    // The gap between two percentages is in points, beside the slip as a share.
    expect(figuresOf(doc, kpiThreshold)).toContainEqual(['Outside by', "9.9 points (9,900% of the band's width)"]);
  });

  it('says how many readings running it has been off when the rule counts periods', () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 200, readings: [[day(-15), 150], [day(-8), 150], [day(-1), 150]] });
    expect(figuresOf(doc, kpiThreshold, { periods: 3 })).toContainEqual(['Off for', '3 readings running']);
  });
});

describe('evidence of a KPI trending the wrong way (kpi-trend)', () => {
  it('reads how many readings moved the wrong way, and the readings themselves', () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 2000, readings: weekly([1100, 1099, 1098, 1097]) });
    expect(figuresOf(doc, kpiTrend)).toEqual([
      ['Moved the wrong way', '3 readings running'],
      ['Readings', '1,100 → 1,099 → 1,098 → 1,097 kUSD'],
    ]);
  });

  it('reads the forecast at the target date against the target', () => {
    const doc = newWorkspace();
    addKpi(doc, { target: 200, targetDate: day(30), readings: weekly([100, 105, 110, 115, 120, 125]) });
    expect(figuresOf(doc, kpiTrend)).toEqual([
      ['Forecast at 17 Dec 2025', '147.14 kUSD against a target of 200 kUSD'],
      ['Forecast miss', '26.4%'],
    ]);
  });

  it('reads a forecast for a KPI to maintain against its range', () => {
    const doc = newWorkspace();
    addKpi(doc, { name: 'Latency', unit: 'ms', direction: 'maintain', lower: 40, upper: 60, target: null, targetDate: day(30), readings: weekly([50, 55, 60, 65, 70, 75]) });
    const figures = figuresOf(doc, kpiTrend);
    expect(figures).toContainEqual(['Moved the wrong way', '3 readings running']);
    expect(figures.find(([label]) => label === 'Forecast at 17 Dec 2025')?.[1]).toMatch(/^[\d.,]+ ms against a range of 40–60 ms$/);
  });
});

describe('evidence of a KPI without a recent reading (kpi-stale)', () => {
  it('reads the last reading, the cadence, when it went stale and its age in days', () => {
    const doc = newWorkspace();
    addKpi(doc, { cadenceDays: 7, readings: [['2025-11-01T12:00:00Z', 90]] });
    expect(figuresOf(doc, kpiStale, {}, new Date('2025-11-13T18:00:00Z'))).toEqual([
      ['Last reading', '1 Nov 2025'],
      ['Expected every', '7 days'],
      ['Stale after', '10.5 days'],
      ['Age', '12 days'],
    ]);
  });

  it('says "never" and when it started for a KPI that never had a reading', () => {
    const doc = newWorkspace();
    addKpi(doc, { startDate: day(-30) });
    expect(figuresOf(doc, kpiStale)).toEqual([
      ['Last reading', 'never'],
      ['Started', '18 Oct 2025'],
      ['Expected every', '7 days'],
      ['Stale after', '10.5 days'],
      ['Age', '30 days'],
    ]);
  });
});

describe('[C6] evidence of a KPI never read and without a start date (kpi-stale)', () => {
  it('says when it was created', () => {
    const doc = newWorkspace();
    addKpi(doc, {}, new Date('2025-11-01T09:00:00Z'));
    expect(figuresOf(doc, kpiStale)).toEqual([
      ['Last reading', 'never'],
      ['Created', '1 Nov 2025'],
      ['Expected every', '7 days'],
      ['Stale after', '10.5 days'],
      ['Age', '16 days'],
    ]);
  });
});

describe('[C2] evidence of a reading dated ahead (kpi-reading-date)', () => {
  it('reads the reading, today, and that it is not counted', () => {
    const doc = newWorkspace();
    pushRawReadings(doc, addKpi(doc), [['2026-11-17', 95]]);
    expect(figuresOf(doc, kpiReadingDate)).toEqual([
      ['Reading dated ahead', '95 kUSD on 17 Nov 2026'],
      ['Today', '17 Nov 2025'],
      ['Counted', 'no, until corrected or deleted'],
    ]);
  });
});

describe('evidence of an overdue milestone (milestone-overdue)', () => {
  it('reads the due date, how overdue, the status by name and who is waiting on it', () => {
    const doc = newWorkspace();
    const upstream = addTreeNode(doc, { kind: 'milestone', title: 'Warehouse cut-over', team: 'Platform', due: day(-5), status: 'at-risk' });
    addDependency(doc, { from: upstream, to: addTreeNode(doc, { title: 'Usage analytics', team: 'Growth' }), needBy: day(5) });
    addDependency(doc, { from: upstream, to: addTreeNode(doc, { title: 'Billing v2', team: 'Finance' }), needBy: day(9) });
    expect(figuresOf(doc, milestoneOverdue)).toEqual([
      ['Due', '12 Nov 2025'],
      ['Overdue by', '5 days'],
      ['Status', 'At risk'],
      ['Waiting on it', 'Billing v2 and Usage analytics'],
    ]);
  });

  it('counts the waiting items it cannot name instead of showing their ids', () => {
    const doc = newWorkspace();
    const upstream = addTreeNode(doc, { kind: 'milestone', due: day(-1) });
    const seen = addTreeNode(doc, { title: 'Usage analytics' });
    addDependency(doc, { from: upstream, to: seen, needBy: day(5) });
    addDependency(doc, { from: upstream, to: addTreeNode(doc, { title: 'Hidden' }), needBy: day(5) });
    const finding = run(doc, milestoneOverdue)[0]!;
    const names: EvidenceNames = { node: (id) => (id === seen ? 'Usage analytics' : undefined), kpi: () => undefined };
    expect(read(finding, names)).toContainEqual(['Waiting on it', 'Usage analytics and 1 other item']);
    expect(read(finding, NO_NAMES)).toContainEqual(['Waiting on it', '2 items']);
  });
});

/** A dependency-slip finding as a triage item stored it, with the evidence given. */
function storedSlip(evidence: Finding['evidence']): Finding {
  return { key: 'dependency-slip:dep:d1', rule: 'dependency-slip', subject: { type: 'dep', id: 'd1' }, severity: 'red', message: 'Slipping', evidence };
}

describe('evidence of a slipping dependency (dependency-slip)', () => {
  function pair(doc: Y.Doc, upstreamDue = day(5)) {
    const from = addTreeNode(doc, { kind: 'milestone', title: 'Warehouse cut-over', team: 'Platform', due: upstreamDue });
    const to = addTreeNode(doc, { title: 'Usage analytics', team: 'Growth', value: { planned: 1200, realised: 0, unit: 'kUSD' } });
    return { from, to };
  }

  it('reads why, the dates, the slip in days, the days left and the value at risk', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(10) });
    unwrap(commitDependency(doc, dep, day(24), NOW));
    unwrap(acceptProposedDate(doc, dep, NOW));
    expect(figuresOf(doc, dependencySlip)).toEqual([
      ['Why', 'Delivers after it is needed'],
      ['Needed by', '27 Nov 2025'],
      ['Committed', '11 Dec 2025'],
      ['Upstream due', '22 Nov 2025'],
      ['Slip', '14 days late'],
      ['Days left', '10 days'],
      ['Value at risk', '1,200 kUSD'],
    ]);
  });

  it('lists every reason, and says how long ago a past need-by date was', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc, day(-10)), needBy: day(-3) });
    unwrap(flagDependency(doc, dep, 'blocked'));
    expect(figuresOf(doc, dependencySlip)).toEqual([
      ['Why', 'Blocked'],
      ['Needed by', '14 Nov 2025'],
      ['Upstream due', '7 Nov 2025'],
      ['Needed', '3 days ago'],
      ['Value at risk', '1,200 kUSD'],
    ]);
  });

  it('joins several reasons into one line, and calls a date proposed back on a request "Proposed"', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(10) });
    unwrap(commitDependency(doc, dep, day(12), NOW));
    expect(figuresOf(doc, dependencySlip).slice(0, 3)).toEqual([
      ['Why', 'Delivers after it is needed and not committed yet'],
      ['Needed by', '27 Nov 2025'],
      ['Proposed', '29 Nov 2025'],
    ]);
  });

  it('[U6] shows a commitment and a later date proposed on it side by side, and reads evidence the release before stored', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc), needBy: day(10) });
    unwrap(commitDependency(doc, dep, day(8), NOW));
    unwrap(commitDependency(doc, dep, day(12), NOW));
    expect(figuresOf(doc, dependencySlip).slice(0, 4)).toEqual([
      ['Why', 'Delivers after it is needed'],
      ['Needed by', '27 Nov 2025'],
      ['Committed', '25 Nov 2025'],
      ['Proposed', '29 Nov 2025'],
    ]);
    expect(read(storedSlip({ state: 'requested', needBy: day(10), committedDate: day(12) }), NO_NAMES)).toEqual([
      ['Needed by', '27 Nov 2025'],
      ['Proposed', '29 Nov 2025'],
    ]);
  });

  it('[C7] says a commitment was missed, and by how long', () => {
    const doc = newWorkspace();
    const dep = addDependency(doc, { ...pair(doc, day(-10)), needBy: day(30) });
    unwrap(commitDependency(doc, dep, day(-4), nowAt(-20)));
    expect(figuresOf(doc, dependencySlip)).toEqual([
      ['Why', 'Commitment missed'],
      ['Needed by', '17 Dec 2025'],
      ['Committed', '13 Nov 2025'],
      ['Commitment missed by', '4 days'],
      ['Upstream due', '7 Nov 2025'],
      ['Days left', '30 days'],
      ['Value at risk', '1,200 kUSD'],
    ]);
  });

  it('[C10] reads the value at risk per unit that the rule computes', () => {
    const doc = newWorkspace();
    const { from, to } = pair(doc);
    const euro = addTreeNode(doc, { title: 'EU launch', value: { planned: 50, realised: 0, unit: 'kEUR' } });
    addDependency(doc, { from: to, to: euro, needBy: day(60) });
    addDependency(doc, { from, to, needBy: day(3) });
    const finding = run(doc, dependencySlip).find((f) => f.evidence.from === from)!;
    expect(read(finding, NO_NAMES).at(-1)).toEqual(['Value at risk', '1,200 kUSD · 50 kEUR']);
  });

  it('never adds up value at risk across units', () => {
    const finding = storedSlip({ valueAtRisk: 1250, valueUnits: ['kEUR', 'kUSD'] });
    expect(read(finding, NO_NAMES)).toEqual([]);
    const perUnit = { ...finding, evidence: { impact: { size: 3, valueAtRisk: { kEUR: 50, kUSD: 1200 }, valueUnits: ['kEUR', 'kUSD'] } } };
    expect(read(perUnit, NO_NAMES)).toEqual([['Value at risk', '1,200 kUSD · 50 kEUR']]);
  });
});

describe('evidence of an owner or confidence problem', () => {
  it('reads that nobody owns it and which team it belongs to (missing-owner)', () => {
    const doc = newWorkspace();
    addTreeNode(doc, { kind: 'objective', title: 'Grow', owner: null, team: 'Growth' });
    expect(figuresOf(doc, missingOwner)).toEqual([
      ['Owner', 'nobody'],
      ['Team', 'Growth'],
    ]);
  });

  it('reads confidence and its thresholds as percentages, and the note (low-confidence)', () => {
    const doc = newWorkspace();
    addTreeNode(doc, { title: 'Partner programme', confidence: 0.15, confidenceNote: 'Partners have not signed' });
    expect(figuresOf(doc, lowConfidence)).toEqual([
      ['Confidence', '15%'],
      ['Amber below', '40%'],
      ['Red at or below', '20%'],
      ['Note', 'Partners have not signed'],
    ]);
  });
});

describe('evidence written by someone else', () => {
  const finding = (rule: string, evidence: unknown): Finding =>
    ({ key: `${rule}:kpi:k1`, rule, subject: { type: 'kpi', id: 'k1' }, severity: 'amber', message: 'x', evidence }) as Finding;

  it('leaves out fields of the wrong type instead of throwing or showing them raw', () => {
    const junk = {
      actual: '156', at: 20251103, reference: { value: 1 }, shortfall: null, slipPct: Number.NaN, amberPct: '5', redPct: [15],
      periods: 'many', unit: 7, wrongWay: 'yes', forecast: [1, 2], n: {}, lastReadingAt: 5, ageDays: '12', cadenceDays: true,
      due: 'soon', daysOverdue: '5', status: 'weird', waitingNodes: 'n1', reasons: [1, 'no-such-reason', null], needBy: '2025-02-30',
      slipDays: '14', daysToNeedBy: Infinity, confidence: '0.1', note: 42, team: ['x'], impact: { valueAtRisk: 'lots', valueUnits: 'kUSD' },
    };
    for (const rule of RULES) {
      expect(() => read(finding(rule.id, junk), NO_NAMES)).not.toThrow();
    }
    expect(read(finding('kpi-threshold', junk), NO_NAMES)).toEqual([]);
    expect(read(finding('missing-owner', junk), NO_NAMES)).toEqual([['Owner', 'nobody']]);
    for (const evidence of [null, 'text', 42, [1, 2]]) {
      expect(read(finding('kpi-threshold', evidence), NO_NAMES)).toEqual([]);
      expect(read(finding('some-plugin', evidence), NO_NAMES)).toEqual([]);
    }
  });

  it('renders an unknown rule with labels from its keys, numbers, dates and names, and never objects', () => {
    const names: EvidenceNames = { node: (id) => (id === 'n1' ? 'Warehouse cut-over' : undefined), kpi: () => undefined };
    const evidence = { slipPct: 12.345, checkedAt: '2025-11-03T10:00:00Z', blocker: 'n1', owner: 'Ana', chain: { nodes: ['n1'] }, ok: true };
    expect(read(finding('some-plugin', evidence), names)).toEqual([
      ['Slip %', '12.35'],
      ['Checked at', '3 Nov 2025'],
      ['Blocker', 'Warehouse cut-over'],
      ['Owner', 'Ana'],
    ]);
  });

  it('reads the value at risk that evaluateRules adds to every finding', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { target: 200, readings: [[day(-1), 100]] });
    addTreeNode(doc, { title: 'Launch', kpi, value: { planned: 300, realised: 0, unit: 'kUSD' } });
    const view = readWorkspaceView(doc);
    const threshold = evaluateRules(view, {}, NOW).find((f) => f.rule === 'kpi-threshold')!;
    expect(read(threshold, viewNames(view)).at(-1)).toEqual(['Value at risk', '300 kUSD']);
  });
});
