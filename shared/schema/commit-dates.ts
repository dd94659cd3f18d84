import type { IsoDay } from './types';
import { formatDay } from './utc-dates';

/**
 * The first day a new commitment may name (SPEC U57): the committer's own today, or the UTC date
 * when that is later. A date before the committer's today has passed as they see it; a date before
 * the UTC date has passed as `dependency-slip` sees it (DESIGN §4 counts days in UTC), and would
 * read as a missed commitment the moment it is stored. Commitments already stored keep their date
 * and their finding: only a new one is checked.
 *
 * @example
 * earliestCommitDay(new Date('2026-12-07T04:00:00Z')) // '2026-12-07' in California, where it is still the 6th
 */
export function earliestCommitDay(now: Date): IsoDay {
  const utc = formatDay(now.getTime());
  const local = `${String(now.getFullYear()).padStart(4, '0')}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return local > utc ? local : utc;
}
