import { describe, expect, it } from 'vitest';
import { draftOf, draftPatch } from '../../../client/views/kpis/rule-draft';

const defaults = { n: 3, k: 6 };

describe('[C18] the rule settings panel writes only what the facilitator changed', () => {
  it('an untouched draft changes nothing', () => {
    const stored = { enabled: true, params: { n: 3, k: 8 } };
    expect(draftOf(stored, defaults)).toEqual({ enabled: true, params: { n: '', k: '8' } });
    expect(draftPatch(draftOf(stored, defaults), stored, defaults)).toBeNull();
  });

  it('switching off, setting one parameter and blanking another (back to the default)', () => {
    const stored = { enabled: true, params: { n: 3, k: 8 } };
    expect(draftPatch({ enabled: false, params: { n: '5', k: '' } }, stored, defaults)).toEqual({ enabled: false, params: { n: 5, k: null } });
  });

  it('passes what is not a number on as NaN, for the shared validator to refuse', () => {
    const patch = draftPatch({ enabled: true, params: { n: 'x', k: '' } }, { enabled: true, params: { n: 3, k: 6 } }, defaults);
    expect(Number.isNaN(patch?.params?.n)).toBe(true);
  });
});
