import type { DepView, NodeView } from '../schema/view-types';
import { DAY_MS, todayMs } from '../schema/utc-dates';
import { evidenceChainOf, valueUnitsOf, type ValueByUnit } from '../rollup/impact';
import { indexWorkspace } from '../tree/workspace-index';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatQuantity, joinList, nodeName, partyOf, plural } from './format';

const ID = 'dependency-slip';

type Params = { windowDays: number };

type Reason = 'missed-commitment' | 'blocked' | 'upstream-off-track' | 'delivers-late' | 'not-committed';

/**
 * DESIGN §4 `dependency-slip`, for each dependency neither done nor archived whose two ends are
 * visible:
 * - its commitment was missed: the upstream committed (state `committed`, `at-risk` or
 *   `blocked`) to a `committedDate` before today, and it is not done. A date merely proposed back
 *   is not a commitment; `not-committed` speaks for a request near `needBy`;
 * - it is `blocked`;
 * - its upstream node is `off-track`;
 * - it will arrive after `needBy`: by a later date the upstream proposed back (`proposedDate`,
 *   just as late as a commitment to it, SPEC U6), else by its `committedDate` once the upstream
 *   committed, else by the upstream's due date;
 * - or it is still `requested` within `windowDays` (14) of `needBy`, or past it.
 * Red when `needBy` is within `windowDays` of today or past, or the commitment was missed; amber
 * otherwise. The evidence carries the impact chain downstream of the needing node (its first ids
 * and how many there are, `evidenceChainOf`) and the value at risk per unit.
 */
export const dependencySlip: Rule<Params> = {
  id: ID,
  title: 'Dependency slipping',
  defaults: { windowDays: 14 },
  limits: { windowDays: { min: 0, max: 365, integer: true } },
  labels: { windowDays: 'Days before need-by that count as close' },
  evaluate(view, params, now) {
    const index = indexWorkspace(view);
    const today = todayMs(now);
    const windowMs = params.windowDays * DAY_MS;
    const findings: Finding[] = [];
    for (const dep of index.deps) {
      if (dep.state === 'done') continue;
      const upstream = index.nodes.get(dep.from)!;
      const downstream = index.nodes.get(dep.to)!;
      const deliveryMs = dep.proposedMs ?? dep.committedMs ?? upstream.dueMs;
      const near = dep.needByMs !== null && dep.needByMs - today <= windowMs;
      const missed = dep.state !== 'requested' && dep.committedMs !== null && dep.committedMs < today;
      const reasons: Reason[] = [];
      if (missed) reasons.push('missed-commitment');
      if (dep.state === 'blocked') reasons.push('blocked');
      if (upstream.status === 'off-track') reasons.push('upstream-off-track');
      if (dep.needByMs !== null && deliveryMs !== null && deliveryMs > dep.needByMs) reasons.push('delivers-late');
      if (dep.state === 'requested' && near) reasons.push('not-committed');
      if (reasons.length === 0) continue;
      const impact = evidenceChainOf(view, { type: 'dep', id: dep.id });
      const sentence = describe(reasons[0]!, dep, upstream, downstream, deliveryMs, today);
      const value = valueText(impact.valueAtRisk);
      const atRisk = value === null ? '' : `, putting ${value} of planned value at risk`;
      findings.push(
        makeFinding(ID, { type: 'dep', id: dep.id }, near || missed ? 'red' : 'amber', sentence + atRisk, {
          reasons,
          from: dep.from,
          to: dep.to,
          state: dep.state,
          needBy: dep.needBy,
          committedDate: dep.committedDate,
          proposedDate: dep.proposedDate,
          upstreamDue: upstream.due,
          upstreamStatus: upstream.status,
          slipDays: dep.needByMs !== null && deliveryMs !== null ? Math.round((deliveryMs - dep.needByMs) / DAY_MS) : null,
          daysToNeedBy: dep.needByMs !== null ? Math.round((dep.needByMs - today) / DAY_MS) : null,
          daysSinceCommitted: missed ? Math.round((today - dep.committedMs!) / DAY_MS) : null,
          windowDays: params.windowDays,
          chain: impact.chain,
          valueAtRisk: impact.valueAtRisk,
        }),
      );
    }
    return findings;
  },
};

function describe(reason: Reason, dep: DepView, upstream: NodeView, downstream: NodeView, deliveryMs: number | null, today: number): string {
  const giver = upstream.team ?? upstream.owner ?? 'the upstream team';
  const taker = partyOf(downstream);
  const needBy = dep.needByMs === null ? '' : ` by ${formatDate(dep.needByMs)}`;
  switch (reason) {
    case 'missed-commitment': {
      const days = Math.round((today - dep.committedMs!) / DAY_MS);
      return `${giver} committed to ${nodeName(upstream)} for ${formatDate(dep.committedMs!)} and has not delivered it (${plural(days, 'day')} ago); ${taker} needs it${needBy}`;
    }
    case 'blocked':
      return `${taker} is blocked waiting on ${nodeName(upstream)} from ${giver}, needed${needBy}`;
    case 'upstream-off-track':
      return `${nodeName(upstream)} (${giver}) is off track, and ${taker} needs it${needBy}`;
    case 'delivers-late': {
      const days = Math.round((deliveryMs! - dep.needByMs!) / DAY_MS);
      const late = `${plural(days, 'day')} after ${taker} needs it (${formatDate(dep.needByMs!)})`;
      if (dep.proposedMs !== null) return `${giver} proposes ${formatDate(deliveryMs!)} for ${nodeName(upstream)}, ${late}`;
      if (dep.committedMs === null) return `${nodeName(upstream)} (${giver}) is due ${formatDate(deliveryMs!)}, ${late}`;
      return `${nodeName(upstream)} (${giver}) is committed for ${formatDate(deliveryMs!)}, ${late}`;
    }
    case 'not-committed': {
      const days = Math.round((dep.needByMs! - today) / DAY_MS);
      const timing = days >= 0 ? `${plural(days, 'day')} before it is needed` : `${plural(-days, 'day')} after it was needed`;
      return `${giver} has not committed to ${nodeName(upstream)} for ${taker}, ${timing} (${formatDate(dep.needByMs!)})`;
    }
  }
}

/** "1,200 kUSD and 50 kEUR", largest first; null when nothing of value is at risk. */
function valueText(value: ValueByUnit): string | null {
  const amounts = valueUnitsOf(value);
  return amounts.length === 0 ? null : joinList(amounts.map(([unit, amount]) => formatQuantity(amount, unit)));
}
