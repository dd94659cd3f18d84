import { datesOf } from '../schema/dependency-proposal';
import { NODE_STATUSES, type NodeStatus } from '../schema/constants';
import { parseInstant } from '../schema/utc-dates';
import type { WorkspaceView } from '../schema/view-types';
import { valueUnitsOf } from '../rollup/impact';
import type { Finding } from './finding';
import { capitalise, formatDate, formatNumber, formatPct, formatQuantity, formatRange, joinList, NODE_STATUS_LABEL, plural } from './format';

/** One labelled figure a person reads beside a finding: "Behind by" → "44 kUSD (22%)". */
export interface EvidenceFigure {
  readonly label: string;
  readonly value: string;
}

/** How a client names the nodes and KPIs evidence points at; undefined when it cannot see one. */
export interface EvidenceNames {
  node(id: string): string | undefined;
  kpi(id: string): string | undefined;
}

type Evidence = Readonly<Record<string, unknown>>;
type Figures = (EvidenceFigure | null)[];

/**
 * The figures behind a finding, per rule, with units and dates (DESIGN §4: evidence is rendered
 * as labelled figures, never as a raw key/value dump). Evidence is data any client can write,
 * so every field is checked: one of the wrong type, or absent, is left out rather than thrown
 * on or shown raw. Ids are shown by name, or by a neutral word when the name is not known.
 *
 * @example
 * evidenceFigures(finding, viewNames(view))
 * // [{ label: 'Latest reading', value: '156 kUSD on 3 Nov 2025' }, { label: 'Plan', value: '200 kUSD' }, …]
 */
export function evidenceFigures(finding: Finding, names: EvidenceNames): EvidenceFigure[] {
  const evidence: Evidence = recordOf(finding.evidence) ?? {};
  const byRule = typeof finding.rule === 'string' ? FIGURES_BY_RULE.get(finding.rule) : undefined;
  const figures = byRule ? byRule(evidence, names) : genericFigures(evidence, names);
  figures.push(figure('Value at risk', valueAtRisk(evidence)));
  return figures.filter((entry): entry is EvidenceFigure => entry !== null);
}

/** Names as a workspace view knows them: node titles and KPI names. */
export function viewNames(view: WorkspaceView): EvidenceNames {
  return { node: (id) => view.nodes.get(id)?.title, kpi: (id) => view.kpis.get(id)?.name };
}

const FIGURES_BY_RULE = new Map<string, (evidence: Evidence, names: EvidenceNames) => Figures>([
  ['kpi-threshold', thresholdFigures],
  ['kpi-trend', trendFigures],
  ['kpi-stale', staleFigures],
  ['kpi-reading-date', readingDateFigures],
  ['milestone-overdue', overdueFigures],
  ['dependency-slip', slipFigures],
  ['missing-owner', missingOwnerFigures],
  ['low-confidence', lowConfidenceFigures],
]);

function thresholdFigures(e: Evidence): Figures {
  const unit = unitOf(e);
  const actual = numberOf(e.actual);
  const at = dateOf(e.at);
  const reference = numberOf(e.reference);
  const shortfall = numberOf(e.shortfall);
  const slipPct = numberOf(e.slipPct);
  const lower = numberOf(e.lower);
  const upper = numberOf(e.upper);
  const periods = numberOf(e.periods);
  const range = e.referenceSource === 'range';
  // The word the thresholds are measured in: behind a plan, above a ceiling, outside a band.
  const side = range ? 'outside' : e.direction === 'decrease' ? 'above' : 'behind';
  // For a band the slip is a share of its width (of the bound when it is one value), not of a reference.
  const of = !range ? '' : e.slipBasis === 'bound' ? ' of the bound' : " of the band's width";
  const thresholdSide = range ? `${of.trimStart()} outside` : side;
  const quantity = (value: number | null) => (value === null ? null : formatQuantity(value, unit));
  // A gap between two percentages is in points: "5.41 points (32.5%)", not "5.41% (32.5%)", which
  // reads as two different percentages of the same thing.
  const gap = (value: number) => (unit === '%' ? `${formatNumber(value)} ${value === 1 ? 'point' : 'points'}` : quantity(value));
  return [
    figure('Latest reading', actual === null ? null : at === null ? quantity(actual) : `${quantity(actual)} on ${at}`),
    range
      ? lower !== null && upper !== null
        ? figure('Band', formatRange(lower, upper, unit))
        : figure('Nearest bound', quantity(reference))
      : figure(e.referenceSource === 'plan' ? 'Plan' : 'Target', quantity(reference)),
    figure(
      `${capitalise(side)} by`,
      shortfall === null || shortfall <= 0 ? null : slipPct === null ? gap(shortfall) : `${gap(shortfall)} (${formatPct(slipPct)}${of})`,
    ),
    figure('Amber at', pctSide(numberOf(e.amberPct), thresholdSide)),
    figure('Red at', pctSide(numberOf(e.redPct), thresholdSide)),
    figure('Off for', periods !== null && periods > 1 ? `${plural(periods, 'reading')} running` : null),
  ];
}

function trendFigures(e: Evidence): Figures {
  const unit = unitOf(e);
  const streak = recordOf(e.wrongWay);
  const readings = Array.isArray(streak?.readings)
    ? streak.readings.map((reading) => numberOf(recordOf(reading)?.value)).filter((value): value is number => value !== null)
    : [];
  const moves = readings.length > 1 ? readings.length - 1 : numberOf(e.n);
  const forecast = recordOf(e.forecast);
  const forecastValue = numberOf(forecast?.value);
  const forecastAt = dateOf(forecast?.at);
  const goal = stringOf(forecast?.goal);
  const against = e.direction === 'maintain' ? 'a range' : 'a target';
  const missPct = numberOf(forecast?.missPct);
  return [
    figure('Moved the wrong way', streak && moves !== null ? `${plural(moves, 'reading')} running` : null),
    figure('Readings', readings.length > 1 ? `${readings.slice(0, -1).map(formatNumber).join(' → ')} → ${formatQuantity(readings[readings.length - 1]!, unit)}` : null),
    figure(
      forecastAt === null ? 'Forecast' : `Forecast at ${forecastAt}`,
      forecastValue === null ? null : `${formatQuantity(forecastValue, unit)}${goal === null ? '' : ` against ${against} of ${goal}`}`,
    ),
    figure('Forecast miss', forecastValue === null || missPct === null ? null : formatPct(missPct)),
  ];
}

function staleFigures(e: Evidence): Figures {
  const never = e.lastReadingAt === null;
  const age = numberOf(e.ageDays);
  const cadence = numberOf(e.cadenceDays);
  const limit = numberOf(e.limitDays);
  // Counted from the start date when there is one, else from when the KPI was created.
  const fromCreated = never && e.countedFrom === 'created';
  return [
    figure('Last reading', never ? 'never' : dateOf(e.lastReadingAt)),
    figure('Started', never && !fromCreated ? dateOf(e.startDate) : null),
    figure('Created', fromCreated ? dateOf(e.createdAt) : null),
    figure('Expected every', cadence === null ? null : days(cadence)),
    figure('Stale after', limit === null ? null : days(limit)),
    figure('Age', age === null ? null : days(Math.floor(age))),
  ];
}

function readingDateFigures(e: Evidence): Figures {
  const unit = unitOf(e);
  const readings = Array.isArray(e.readings)
    ? e.readings
        .map((reading) => {
          const entry = recordOf(reading);
          const at = dateOf(entry?.at);
          const value = numberOf(entry?.value);
          return at === null || value === null ? null : `${formatQuantity(value, unit)} on ${at}`;
        })
        .filter((text): text is string => text !== null)
    : [];
  return [
    figure(readings.length > 1 ? 'Readings dated ahead' : 'Reading dated ahead', readings.length > 0 ? joinList(readings) : null),
    figure('Today', dateOf(e.today)),
    figure('Counted', readings.length > 0 ? 'no, until corrected or deleted' : null),
  ];
}

function overdueFigures(e: Evidence, names: EvidenceNames): Figures {
  const overdue = numberOf(e.daysOverdue);
  return [
    figure('Due', dateOf(e.due)),
    figure('Overdue by', overdue === null ? null : days(overdue)),
    figure('Status', statusLabel(e.status)),
    figure('Waiting on it', namesOf(e.waitingNodes, names)),
  ];
}

const REASON_LABEL: Readonly<Record<string, string>> = {
  'missed-commitment': 'commitment missed',
  blocked: 'blocked',
  'upstream-off-track': 'upstream off track',
  'delivers-late': 'delivers after it is needed',
  'not-committed': 'not committed yet',
};

function slipFigures(e: Evidence): Figures {
  const reasons = Array.isArray(e.reasons)
    ? e.reasons.filter((reason): reason is string => typeof reason === 'string' && Object.hasOwn(REASON_LABEL, reason)).map((reason) => REASON_LABEL[reason]!)
    : [];
  const slip = numberOf(e.slipDays);
  const left = numberOf(e.daysToNeedBy);
  const missedBy = numberOf(e.daysSinceCommitted);
  // Evidence stored by the release before carries a proposal as a request's committed date.
  const dates = datesOf({ state: e.state, committedDate: e.committedDate, proposedDate: e.proposedDate });
  return [
    figure('Why', reasons.length > 0 ? capitalise(joinList([...new Set(reasons)])) : null),
    figure('Needed by', dateOf(e.needBy)),
    figure('Committed', dateOf(dates.committed)),
    // A date proposed back is not yet a commitment.
    figure('Proposed', dateOf(dates.proposed)),
    figure('Commitment missed by', missedBy !== null && missedBy > 0 ? days(missedBy) : null),
    figure('Upstream due', dateOf(e.upstreamDue)),
    figure('Slip', slip !== null && slip > 0 ? `${days(slip)} late` : null),
    left === null ? null : left >= 0 ? figure('Days left', days(left)) : figure('Needed', `${days(-left)} ago`),
  ];
}

function missingOwnerFigures(e: Evidence): Figures {
  return [figure('Owner', 'nobody'), figure('Team', stringOf(e.team))];
}

function lowConfidenceFigures(e: Evidence): Figures {
  return [
    figure('Confidence', fractionPct(e.confidence)),
    figure('Amber below', fractionPct(e.amberBelow)),
    figure('Red at or below', fractionPct(e.redAtOrBelow)),
    figure('Note', stringOf(e.note)),
  ];
}

/** An unknown rule: its primitive numbers, dates and strings under labels made from their keys. */
function genericFigures(e: Evidence, names: EvidenceNames): Figures {
  return Object.entries(e).map(([key, value]) => {
    if (key === 'valueAtRisk' || key === 'valueUnits') return null;
    const number = numberOf(value);
    if (number !== null) return figure(labelOf(key), formatNumber(number));
    const text = stringOf(value);
    if (text === null) return null;
    const date = dateOf(text);
    return figure(labelOf(key), date ?? names.node(text) ?? names.kpi(text) ?? text);
  });
}

/**
 * The planned value at risk, one figure per unit and never a sum across units (DESIGN §4):
 * a `{unit: amount}` record when the evidence carries one; a single amount only when it has
 * exactly one unit (a total over several units cannot be split again, so it is not shown).
 */
function valueAtRisk(e: Evidence): string | null {
  const source = recordOf(e.impact) ?? e;
  const perUnit = recordOf(source.valueAtRisk);
  if (perUnit) {
    const amounts = valueUnitsOf(perUnit as Readonly<Record<string, number>>);
    return amounts.length === 0 ? null : amounts.map(([unit, amount]) => formatQuantity(amount, unit)).join(' · ');
  }
  // Findings stored before value at risk was per unit: a total, shown only when it has one unit.
  const total = numberOf(source.valueAtRisk);
  const units = Array.isArray(source.valueUnits) ? source.valueUnits : [];
  if (total === null || total <= 0 || units.length !== 1 || typeof units[0] !== 'string') return null;
  return formatQuantity(total, units[0]);
}

function figure(label: string, value: string | null): EvidenceFigure | null {
  return value === null ? null : { label, value };
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** "3 Nov 2025" from a `YYYY-MM-DD` day or an ISO timestamp (its UTC date). */
function dateOf(value: unknown): string | null {
  const ms = parseInstant(value);
  return ms === null ? null : formatDate(ms);
}

function unitOf(e: Evidence): string {
  return typeof e.unit === 'string' ? e.unit : '';
}

function days(count: number): string {
  return plural(Number.isInteger(count) ? count : Math.round(count * 100) / 100, 'day');
}

function pctSide(pct: number | null, side: string): string | null {
  return pct === null ? null : `${formatPct(pct)} ${side}`;
}

/** A 0–1 confidence as the rule's message writes it: 0.15 → "15%". */
function fractionPct(value: unknown): string | null {
  const fraction = numberOf(value);
  return fraction === null ? null : `${Math.round(fraction * 100)}%`;
}

function statusLabel(value: unknown): string | null {
  return (NODE_STATUSES as readonly unknown[]).includes(value) ? NODE_STATUS_LABEL[value as NodeStatus] : null;
}

/** The names of the nodes behind ids, sorted; those it cannot name are counted, not shown. */
function namesOf(ids: unknown, names: EvidenceNames): string | null {
  if (!Array.isArray(ids)) return null;
  const known = new Set<string>();
  let unknown = 0;
  for (const id of ids) {
    if (typeof id !== 'string') continue;
    const name = names.node(id);
    if (name) known.add(name);
    else unknown++;
  }
  const listed = [...known].sort();
  if (unknown > 0) listed.push(plural(unknown, listed.length > 0 ? 'other item' : 'item'));
  return listed.length === 0 ? null : joinList(listed);
}

/** "slipPct" → "Slip %", "lastReadingAt" → "Last reading at". */
function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => (word.toLowerCase() === 'pct' ? '%' : word.toLowerCase()));
  return capitalise(words.join(' '));
}
