import { describe, expect, it } from 'vitest';
import { atMoment, formatWhen } from '../../../client/views/common/format-when';

describe('an instant in a list (the decision log, snapshots, deliveries, workspaces)', () => {
  it('[U38] writes its date as every screen writes dates, in the reader’s time zone, then the time', () => {
    const at = new Date(2026, 11, 6, 16, 47);
    const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(formatWhen(at.toISOString())).toBe(`6 Dec 2026, ${time}`);
    // Just before midnight where the reader is: the reader's day, not the UTC one.
    const late = new Date(2026, 11, 31, 23, 59);
    expect(formatWhen(late.toISOString())).toMatch(/^31 Dec 2026, /);
  });

  it('says a missing instant with a dash and leaves what is not one as it is', () => {
    expect(formatWhen(null)).toBe('–');
    expect(formatWhen('not a date')).toBe('not a date');
  });

  it('[U105] says a moment after a verb: "at" its time today, "on" its date another day, in the reader’s time zone', () => {
    const now = new Date(2026, 11, 7, 0, 30);
    const justAfterMidnight = new Date(2026, 11, 7, 0, 5);
    const time = justAfterMidnight.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(atMoment(justAfterMidnight.toISOString(), now)).toBe(`at ${time}`);
    expect(atMoment(new Date(2026, 11, 6, 23, 55).toISOString(), now)).toMatch(/^on 6 Dec 2026, /);
  });
});
