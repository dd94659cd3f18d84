import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatDay, parseDay, parseInstant, todayMs } from '../../../../shared/schema/utc-dates';
import { testSeed } from '../../../support/random';

/** What parseDay must answer: the calendar's own check, as the first version did it. */
function reference(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? ms : null;
}

describe('UTC dates', () => {
  it('reads YYYY-MM-DD as UTC midnight and refuses dates that do not exist', () => {
    expect(parseDay('2025-11-17')).toBe(Date.UTC(2025, 10, 17));
    expect(parseDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2025-13-01')).toBeNull();
    expect(parseDay('2025-1-1')).toBeNull();
    expect(parseDay(20251117)).toBeNull();
  });

  it('reads a day from its characters exactly as the calendar does, for any string', () => {
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const dayLike = fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`);
    fc.assert(
      fc.property(fc.oneof(dayLike, fc.string({ maxLength: 12 }), fc.constantFrom('0099-12-31', '0100-01-01', '1900-02-29', '2000-02-29', '2025-1a-01', '２０２５-01-01')), (value) => {
        expect(parseDay(value)).toBe(reference(value));
      }),
      { seed: testSeed('parse day'), numRuns: 5000 },
    );
  });

  it('reads full ISO timestamps with a zone, and days, as instants', () => {
    expect(parseInstant('2025-11-17T09:30:00Z')).toBe(Date.UTC(2025, 10, 17, 9, 30));
    expect(parseInstant('2025-11-17T09:30:00.250+01:00')).toBe(Date.UTC(2025, 10, 17, 8, 30, 0, 250));
    expect(parseInstant('2025-11-17')).toBe(Date.UTC(2025, 10, 17));
    expect(parseInstant('2025-11-17T09:30:00')).toBeNull();
    expect(parseInstant('2025-11-17T25:00:00Z')).toBeNull();
    expect(parseInstant('2025-02-30T10:00:00Z')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
  });

  it("takes today as now's UTC date, wherever the code runs", () => {
    expect(formatDay(todayMs(new Date('2025-11-17T23:59:59-05:00')))).toBe('2025-11-18');
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02');
  });
});
