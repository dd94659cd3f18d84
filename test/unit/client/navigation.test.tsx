import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createNavigation, placeOf } from '../../../client/state/navigation';
import type { Presence } from '../../../client/state/presence';

/** Presence with another screen's facilitator on the KPIs, and nothing published anywhere. */
const presence = {
  publish: () => {},
  facilitator: () => ({ local: false, view: 'kpis', selection: 'k1', summon: null, user: { name: 'Ana Diaz' } }),
} as unknown as Presence;

/** Presence with another screen's facilitator asking everyone, at `at`, to topic 9 of the agenda. */
const summoningToTopic9 = (at: number) =>
  ({
    publish: () => {},
    facilitator: () => ({ local: false, view: 'agenda', selection: 't9', summon: { view: 'agenda', selection: 't9', at }, user: { name: 'Ana Diaz' } }),
  }) as unknown as Presence;

describe('a screen opened again in another role (SPEC A17)', () => {
  it('[A17] starts where it was, following on; one made a facilitator follows no more', () => {
    const place = { view: 'agenda', selection: 'a1', following: true } as const;
    // Effects run once the root is made: the follow then takes the editor to the lead's place.
    const [editor, facilitator, dispose] = createRoot((dispose) => [createNavigation(presence, false, place), createNavigation(presence, true, place), dispose] as const);
    expect([editor.following(), editor.view(), editor.selection()]).toEqual([true, 'kpis', 'k1']);
    expect([facilitator.following(), facilitator.view(), facilitator.selection()]).toEqual([false, 'agenda', 'a1']);
    dispose();
  });

  it('[A17][U64] does not act again on a summons it acted on before it opened again', () => {
    // Ana asked everyone to topic 9 five seconds ago: still fresh (15 s) to a screen opening now.
    const at = Date.now() - 5_000;
    const summoning = summoningToTopic9(at);
    const [first, dispose] = createRoot((dispose) => [createNavigation(summoning, false, null), dispose] as const);
    expect([first.selection(), first.summons()?.went]).toEqual(['t9', true]);
    // Then the person read on at topic 6, and their role changed: the screen opens again there.
    first.go('agenda', 't6');
    const place = placeOf(first);
    dispose();
    const [again, disposeAgain] = createRoot((dispose) => [createNavigation(summoning, false, place), dispose] as const);
    expect([again.selection(), again.summons()]).toEqual(['t6', null]);
    disposeAgain();
  });

  it('[A17][U64] asks again about a summons still waiting for an answer when it opened again', () => {
    const at = Date.now() - 5_000;
    const summoning = summoningToTopic9(at);
    // The person was typing: the summons asks rather than moves (U55), and their role changes before they answer.
    const [first, dispose] = createRoot((dispose) => [createNavigation(summoning, false, { view: 'agenda', selection: 't6', following: false }, () => true), dispose] as const);
    expect([first.selection(), first.summons()?.went]).toEqual(['t6', false]);
    const place = placeOf(first);
    dispose();
    const [again, disposeAgain] = createRoot((dispose) => [createNavigation(summoning, false, place, () => true), dispose] as const);
    expect([again.selection(), again.summons()?.to.selection, again.summons()?.went]).toEqual(['t6', 't9', false]);
    // Answered there, it is not asked a third time.
    again.declineSummons();
    const answered = placeOf(again);
    disposeAgain();
    const [third, disposeThird] = createRoot((dispose) => [createNavigation(summoning, false, answered, () => true), dispose] as const);
    expect(third.summons()).toBeNull();
    disposeThird();
  });
});
