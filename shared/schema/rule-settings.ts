import type * as Y from 'yjs';
import { setEntry } from './plain-json';
import { rulesMap } from './root-types';
import type { RuleSetting } from './types';

/**
 * Per-workspace rule settings (DESIGN §3 `rules`): `{enabled, params}` per rule id, overriding
 * the module's defaults. Only numeric params are kept: every rule parameter is a number. `by`,
 * who wrote the setting, is kept beside them: a triage item that a rule turned off clears is
 * resolved in their name (SPEC T5).
 */
export function setRuleSetting(doc: Y.Doc, ruleId: string, setting: RuleSetting, by: string | null): void {
  const params: Record<string, number> = {};
  for (const [key, value] of Object.entries(setting.params)) {
    if (typeof value === 'number' && Number.isFinite(value)) params[key] = value;
  }
  const current = rulesMap(doc).get(ruleId);
  if (current && current.enabled === setting.enabled && sameParams(current.params, params)) return;
  rulesMap(doc).set(ruleId, { enabled: setting.enabled, params, by });
}

/** Who turned a rule off, when it is off and its setting names them; else null. */
export function ruleTurnedOffBy(doc: Y.Doc, ruleId: string): string | null {
  const stored: unknown = rulesMap(doc).get(ruleId);
  if (typeof stored !== 'object' || stored === null) return null;
  const { enabled, by } = stored as { enabled?: unknown; by?: unknown };
  return enabled === false && typeof by === 'string' && by.trim() !== '' ? by : null;
}

/** The settings as stored, dropping any entry that is not `{enabled, params}`. */
export function readRuleSettings(doc: Y.Doc): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  rulesMap(doc).forEach((value, ruleId) => {
    const setting = toRuleSetting(value);
    if (setting) setEntry(settings, ruleId, setting);
  });
  return settings;
}

function toRuleSetting(value: unknown): RuleSetting | null {
  if (typeof value !== 'object' || value === null) return null;
  const { enabled, params } = value as { enabled?: unknown; params?: unknown };
  const kept: Record<string, number> = {};
  if (typeof params === 'object' && params !== null) {
    for (const [key, param] of Object.entries(params)) {
      if (typeof param === 'number' && Number.isFinite(param)) kept[key] = param;
    }
  }
  return { enabled: enabled !== false, params: kept };
}

function sameParams(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  if (!a) return false;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((key) => a[key] === b[key]);
}
