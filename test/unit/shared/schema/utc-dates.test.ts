import { describe, expect, it } from 'vitest';
import { addDays, formatDay, parseDay, parseInstant, todayMs } from '../../../../shared/schema/utc-dates';

describe('UTC dates', () => {
  it('reads YYYY-MM-DD as UTC midnight and refuses dates that do not exist', () => {
    expect(parseDay('2025-11-17')).toBe(Date.UTC(2025, 10, 17));
    expect(parseDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDay('2025-02-29')).toBeNull();
    expect(parseDay('2025-13-01')).toBeNull();
    expect(parseDay('2025-1-1')).toBeNull();
    expect(parseDay(20251117)).toBeNull();
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
