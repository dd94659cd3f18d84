import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createNavigation } from '../../../client/state/navigation';
import type { Presence } from '../../../client/state/presence';

/** Presence with another screen's facilitator on the KPIs, and nothing published anywhere. */
const presence = {
  publish: () => {},
  facilitator: () => ({ local: false, view: 'kpis', selection: 'k1', summon: null, user: { name: 'Ana Diaz' } }),
} as unknown as Presence;

describe('a screen opened again in another role (SPEC A17)', () => {
  it('[A17] starts where it was, following on; one made a facilitator follows no more', () => {
    const place = { view: 'agenda', selection: 'a1', following: true } as const;
    // Effects run once the root is made: the follow then takes the editor to the lead's place.
    const [editor, facilitator, dispose] = createRoot((dispose) => [createNavigation(presence, false, place), createNavigation(presence, true, place), dispose] as const);
    expect([editor.following(), editor.view(), editor.selection()]).toEqual([true, 'kpis', 'k1']);
    expect([facilitator.following(), facilitator.view(), facilitator.selection()]).toEqual([false, 'agenda', 'a1']);
    dispose();
  });
});
