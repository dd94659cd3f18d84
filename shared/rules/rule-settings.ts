import type * as Y from 'yjs';
import { fail, ok, type OpResult } from '../schema/op-result';
import { setEntry } from '../schema/plain-json';
import { readRuleSettings, setRuleSetting } from '../schema/rule-settings';
import type { RuleSetting } from '../schema/types';
import type { WorkspaceView } from '../schema/view-types';
import type { Finding, Rule } from './finding';
import { evaluateRules, RULES, ruleById } from './index';
import { named } from '../text/quoted';

/** A change to one rule's setting: switch it on or off, set parameters, or reset one (null) to the default. */
export interface RuleSettingPatch {
  enabled?: boolean;
  params?: Readonly<Record<string, number | null>>;
}

/**
 * Writes one rule's setting for the workspace (DESIGN §3 `rules`), as the facilitator's rule
 * settings panel does: only a built-in rule, only the parameters its module has, each a finite
 * number within the module's limits (whole where it counts readings or days), and a combination
 * the rule accepts. The patch is merged into what is stored; a parameter set to null goes back
 * to the module's default. Refused patches write nothing; an unchanged setting writes nothing.
 * `by` is who writes it (SPEC T5).
 *
 * @example
 * writeRuleSetting(doc, 'kpi-threshold', { params: { periods: 3 } }, 'Ana Diaz') // "three weeks off track"
 * writeRuleSetting(doc, 'missing-owner', { enabled: false }, 'Ana Diaz')
 */
export function writeRuleSetting(doc: Y.Doc, ruleId: string, patch: RuleSettingPatch, by: string | null): OpResult {
  const rule = ruleById(ruleId);
  if (!rule) return fail('not-found', `There is no rule "${ruleId}".`);
  const next = mergedSetting(rule, readRuleSettings(doc)[ruleId], patch);
  if (!next.ok) return next;
  doc.transact(() => setRuleSetting(doc, ruleId, next.value, by));
  return ok();
}

/** What would change if `patch` were written: findings that would appear, disappear or change severity. */
export interface RulePreview {
  readonly appear: readonly Finding[];
  readonly disappear: readonly Finding[];
  /** Findings on both sides whose severity differs, as they would be. */
  readonly change: readonly Finding[];
}

/**
 * The live preview of the settings panel: evaluates the same rule modules with the workspace's
 * settings and with `patch` applied, and compares the findings by key. A refused patch is refused
 * here as `writeRuleSetting` would refuse it.
 *
 * @example
 * previewRuleSetting(view, 'kpi-threshold', { params: { periods: 3 } }, now).disappear // KPIs off track for only one reading
 */
export function previewRuleSetting(view: WorkspaceView, ruleId: string, patch: RuleSettingPatch, now: Date): OpResult<RulePreview> {
  const rule = ruleById(ruleId);
  if (!rule) return fail('not-found', `There is no rule "${ruleId}".`);
  const next = mergedSetting(rule, view.rules[ruleId], patch);
  if (!next.ok) return next;
  const settings: Record<string, RuleSetting> = { ...view.rules };
  setEntry(settings, ruleId, next.value);
  const before = new Map(evaluateRules(view, view.rules, now).map((finding) => [finding.key, finding]));
  const after = evaluateRules(view, settings, now);
  const appear: Finding[] = [];
  const change: Finding[] = [];
  for (const finding of after) {
    const was = before.get(finding.key);
    if (!was) appear.push(finding);
    else if (was.severity !== finding.severity) change.push(finding);
    before.delete(finding.key);
  }
  return ok({ appear, disappear: [...before.values()], change });
}

/** The rules a settings panel lists, each with its stored setting resolved: on or off, and every parameter's value. */
export function ruleSettingsOf(view: WorkspaceView): { rule: Rule; enabled: boolean; params: Record<string, number> }[] {
  return RULES.map((rule) => {
    const stored = view.rules[rule.id];
    const params: Record<string, number> = { ...rule.defaults };
    for (const key of Object.keys(rule.defaults)) {
      const value = stored?.params[key];
      if (typeof value === 'number' && Number.isFinite(value)) params[key] = value;
    }
    return { rule, enabled: stored?.enabled !== false, params };
  });
}

function mergedSetting(rule: Rule, stored: RuleSetting | undefined, patch: RuleSettingPatch): OpResult<RuleSetting> {
  const problems: string[] = [];
  if (patch.enabled !== undefined && typeof patch.enabled !== 'boolean') problems.push('enabled must be true or false.');
  const params: Record<string, number> = {};
  for (const [key, value] of Object.entries(stored?.params ?? {})) {
    if (Object.hasOwn(rule.defaults, key)) params[key] = value;
  }
  for (const [key, value] of Object.entries(patch.params ?? {})) {
    if (!Object.hasOwn(rule.defaults, key)) {
      problems.push(`The rule ${named(rule.title)} has no parameter "${key}".`);
      continue;
    }
    if (value === null) {
      delete params[key];
      continue;
    }
    const limit = rule.limits[key]!;
    const label = rule.labels[key]!;
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${label} must be a number.`);
    else if (value < limit.min || value > limit.max) problems.push(`${label} must be between ${limit.min} and ${limit.max}.`);
    else if (limit.integer && !Number.isInteger(value)) problems.push(`${label} must be a whole number.`);
    else params[key] = value;
  }
  if (problems.length === 0 && rule.checkParams) problems.push(...rule.checkParams({ ...rule.defaults, ...params }));
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  return ok({ enabled: patch.enabled ?? stored?.enabled ?? true, params });
}
