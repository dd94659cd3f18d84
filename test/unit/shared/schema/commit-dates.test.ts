import { afterEach, describe, expect, it } from 'vitest';
import { earliestCommitDay } from '../../../../shared/schema/commit-dates';

describe('[U57] the first day a new commitment may name', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    // Node reads TZ again whenever it is assigned; deleting it restores the machine's zone.
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("is the committer's today where it is already tomorrow in UTC's eyes", () => {
    process.env.TZ = 'Pacific/Auckland';
    expect(earliestCommitDay(new Date('2026-12-06T20:00:00Z'))).toBe('2026-12-07');
  });

  it('is the UTC date where the committer is still on yesterday, since the rules count days in UTC', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(earliestCommitDay(new Date('2026-12-07T04:00:00Z'))).toBe('2026-12-07');
  });
});
