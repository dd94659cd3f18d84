import type { RuleSettingPatch } from '../../../shared/rules/rule-settings';

/** What a facilitator has typed for one rule in the settings panel, before saving. */
export interface RuleDraft {
  enabled: boolean;
  /** Each parameter as typed; '' means "the default". */
  params: Record<string, string>;
}

/**
 * The patch a draft makes against the stored setting (`enabled`, and each parameter's value):
 * only what differs, a blank parameter going back to the default (null), a typed one as a
 * number (NaN when it is not one, so `previewRuleSetting` and `writeRuleSetting` refuse it with
 * their own message). Null when the draft changes nothing.
 *
 * @example
 * draftPatch({ enabled: true, params: { periods: '3' } }, { enabled: true, params: { periods: 1 } }, { periods: 1 })
 * // { params: { periods: 3 } }
 */
export function draftPatch(
  draft: RuleDraft,
  stored: { enabled: boolean; params: Readonly<Record<string, number>> },
  defaults: Readonly<Record<string, number>>,
): RuleSettingPatch | null {
  const patch: { enabled?: boolean; params?: Record<string, number | null> } = {};
  if (draft.enabled !== stored.enabled) patch.enabled = draft.enabled;
  for (const key of Object.keys(defaults)) {
    const text = (draft.params[key] ?? '').trim();
    const value = text === '' ? defaults[key]! : Number(text);
    if (Object.is(value, stored.params[key])) continue;
    patch.params ??= {};
    patch.params[key] = text === '' ? null : value;
  }
  return patch.enabled === undefined && patch.params === undefined ? null : patch;
}

/** The draft a stored setting starts from: parameters at their default shown blank (the default is the placeholder). */
export function draftOf(stored: { enabled: boolean; params: Readonly<Record<string, number>> }, defaults: Readonly<Record<string, number>>): RuleDraft {
  const params: Record<string, string> = {};
  for (const key of Object.keys(defaults)) params[key] = stored.params[key] === defaults[key] ? '' : String(stored.params[key]);
  return { enabled: stored.enabled, params };
}
