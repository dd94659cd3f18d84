import { readingsDatedAhead } from '../schema/reading-series';
import { formatDay } from '../schema/utc-dates';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatQuantity, plural } from './format';

const ID = 'kpi-reading-date';

/**
 * DESIGN §4 "Readings": a reading dated more than one day after `now` is refused by every writer
 * that validates; one that reaches the document anyway (an old client, a concurrent edit, a
 * typed-in 2026 for 2025 through another tool) is left out of the other rules and raises this
 * amber finding on its KPI, so someone corrects or deletes it rather than it silencing the
 * threshold and staleness rules unseen. Archived KPIs raise nothing.
 */
export const kpiReadingDate: Rule<Record<string, never>> = {
  id: ID,
  title: 'KPI reading dated in the future',
  defaults: {},
  limits: {},
  labels: {},
  evaluate(view, _params, now) {
    const findings: Finding[] = [];
    for (const kpi of view.kpis.values()) {
      if (kpi.archived) continue;
      const ahead = readingsDatedAhead(kpi, now);
      if (ahead.length === 0) continue;
      const first = ahead[0]!;
      const what =
        ahead.length === 1
          ? `a reading dated ${formatDate(first.atMs)} (${formatQuantity(first.value, kpi.unit)})`
          : `${plural(ahead.length, 'reading')} dated ${formatDate(first.atMs)} or later`;
      findings.push(
        makeFinding(
          ID,
          { type: 'kpi', id: kpi.id },
          'amber',
          `${kpi.name} has ${what}, more than a day after today (${formatDate(now.getTime())}); the rules leave ${ahead.length === 1 ? 'it' : 'them'} out until ${ahead.length === 1 ? 'it is' : 'they are'} corrected`,
          {
            unit: kpi.unit,
            today: formatDay(now.getTime()),
            readings: ahead.map((reading) => ({ at: reading.at, value: reading.value, source: reading.source })),
          },
        ),
      );
    }
    return findings;
  },
};
