import type { RuleSetting } from '../schema/types';
import type { WorkspaceView } from '../schema/view-types';
import { impactSummaryOf } from '../rollup/impact';
import { dependencySlip } from './dependency-slip';
import type { Finding, Rule, RuleParams } from './finding';
import { kpiReadingDate } from './kpi-reading-date';
import { kpiStale } from './kpi-stale';
import { kpiThreshold } from './kpi-threshold';
import { kpiTrend } from './kpi-trend';
import { lowConfidence } from './low-confidence';
import { milestoneOverdue } from './milestone-overdue';
import { missingOwner } from './missing-owner';

/** The built-in rules of DESIGN §4, in the order a settings screen lists them. */
export const RULES: readonly Rule[] = [
  kpiThreshold,
  kpiTrend,
  kpiStale,
  kpiReadingDate,
  milestoneOverdue,
  dependencySlip,
  missingOwner,
  lowConfidence,
];

/** The rule module with this id, if it is a built-in one. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/**
 * A rule's effective parameters: its defaults, overridden by the workspace's numeric params of
 * the same names, each clamped into the rule's limits (any writer can store any number; the
 * validating writer `writeRuleSetting` refuses what is out of range).
 */
export function resolveParams(rule: Rule, setting: RuleSetting | undefined): RuleParams {
  const params: Record<string, number> = { ...rule.defaults };
  for (const [key, value] of Object.entries(setting?.params ?? {})) {
    if (!Object.hasOwn(rule.defaults, key) || typeof value !== 'number' || !Number.isFinite(value)) continue;
    const limit = rule.limits[key];
    params[key] = limit ? Math.min(limit.max, Math.max(limit.min, value)) : value;
  }
  return params;
}

/**
 * Runs every enabled rule and returns the findings in a deterministic order: red first, then by
 * impact size (nodes and KPIs reached downstream, largest first), then by key. Each finding's
 * evidence gains `impact: {size, valueAtRisk}` (value at risk per unit), and the pivot policy
 * orders triage items by its size.
 *
 * @example
 * const view = readWorkspaceView(doc);
 * const findings = evaluateRules(view, view.rules, new Date());
 */
export function evaluateRules(
  view: WorkspaceView,
  settings: Readonly<Record<string, RuleSetting>>,
  now: Date,
): Finding[] {
  const sized: { finding: Finding; size: number }[] = [];
  for (const rule of RULES) {
    const setting = settings[rule.id];
    if (setting?.enabled === false) continue;
    for (const finding of rule.evaluate(view, resolveParams(rule, setting), now)) {
      const { size, valueAtRisk } = impactSummaryOf(view, finding.subject);
      const evidence = { ...finding.evidence, impact: { size, valueAtRisk } };
      sized.push({ finding: { ...finding, evidence }, size });
    }
  }
  sized.sort(
    (a, b) =>
      severityRank(a.finding) - severityRank(b.finding) ||
      b.size - a.size ||
      (a.finding.key < b.finding.key ? -1 : a.finding.key > b.finding.key ? 1 : 0),
  );
  return sized.map((entry) => entry.finding);
}

/** The impact size stored in a finding's evidence by `evaluateRules` (0 when absent). */
export function findingImpactSize(finding: Finding): number {
  const impact = finding.evidence.impact as { size?: unknown } | undefined;
  return typeof impact?.size === 'number' ? impact.size : 0;
}

function severityRank(finding: Finding): number {
  return finding.severity === 'red' ? 0 : 1;
}
