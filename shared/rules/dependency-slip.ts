import type { DepView, NodeView } from '../schema/view-types';
import { DAY_MS, todayMs } from '../schema/utc-dates';
import { impactOfSubject } from '../rollup/impact';
import { indexWorkspace } from '../tree/workspace-index';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, formatNumber, plural } from './format';

const ID = 'dependency-slip';

type Params = { windowDays: number };

type Reason = 'blocked' | 'upstream-off-track' | 'delivers-late' | 'not-committed';

/**
 * DESIGN §4 `dependency-slip`, for each dependency not done whose two ends are visible:
 * - it is `blocked`;
 * - its upstream node is `off-track`;
 * - it will arrive after `needBy`: by its `committedDate` once the upstream has given one (a
 *   commitment, or a later date proposed back, which is just as late), else by the upstream's
 *   due date;
 * - or it is still `requested` within `windowDays` (14) of `needBy`, or past it.
 * Red when `needBy` is within `windowDays` of today or past, amber otherwise. The evidence
 * carries the impact chain downstream of the needing node and the value at risk.
 */
export const dependencySlip: Rule<Params> = {
  id: ID,
  title: 'Dependency slipping',
  defaults: { windowDays: 14 },
  evaluate(view, params, now) {
    const index = indexWorkspace(view);
    const today = todayMs(now);
    const windowMs = params.windowDays * DAY_MS;
    const findings: Finding[] = [];
    for (const dep of index.deps) {
      if (dep.state === 'done') continue;
      const upstream = index.nodes.get(dep.from)!;
      const downstream = index.nodes.get(dep.to)!;
      const deliveryMs = dep.committedMs ?? upstream.dueMs;
      const near = dep.needByMs !== null && dep.needByMs - today <= windowMs;
      const reasons: Reason[] = [];
      if (dep.state === 'blocked') reasons.push('blocked');
      if (upstream.status === 'off-track') reasons.push('upstream-off-track');
      if (dep.needByMs !== null && deliveryMs !== null && deliveryMs > dep.needByMs) reasons.push('delivers-late');
      if (dep.state === 'requested' && near) reasons.push('not-committed');
      if (reasons.length === 0) continue;
      const impact = impactOfSubject(view, { type: 'dep', id: dep.id });
      const sentence = describe(reasons[0]!, dep, upstream, downstream, deliveryMs, today);
      const atRisk = impact.valueAtRisk > 0 ? `, putting ${valueText(impact.valueAtRisk, impact.valueUnits)} of planned value at risk` : '';
      findings.push(
        makeFinding(ID, { type: 'dep', id: dep.id }, near ? 'red' : 'amber', sentence + atRisk, {
          reasons,
          from: dep.from,
          to: dep.to,
          state: dep.state,
          needBy: dep.needBy,
          committedDate: dep.committedDate,
          upstreamDue: upstream.due,
          upstreamStatus: upstream.status,
          slipDays: dep.needByMs !== null && deliveryMs !== null ? Math.round((deliveryMs - dep.needByMs) / DAY_MS) : null,
          daysToNeedBy: dep.needByMs !== null ? Math.round((dep.needByMs - today) / DAY_MS) : null,
          windowDays: params.windowDays,
          chain: { nodes: impact.nodes, kpis: impact.kpis },
          valueAtRisk: impact.valueAtRisk,
          valueUnits: impact.valueUnits,
        }),
      );
    }
    return findings;
  },
};

function describe(reason: Reason, dep: DepView, upstream: NodeView, downstream: NodeView, deliveryMs: number | null, today: number): string {
  const giver = upstream.team ?? upstream.owner ?? 'the upstream team';
  const taker = downstream.team ?? downstream.owner ?? downstream.title;
  const needBy = dep.needByMs === null ? '' : ` by ${formatDate(dep.needByMs)}`;
  switch (reason) {
    case 'blocked':
      return `${taker} is blocked waiting on ${upstream.title} from ${giver}, needed${needBy}`;
    case 'upstream-off-track':
      return `${upstream.title} (${giver}) is off track, and ${taker} needs it${needBy}`;
    case 'delivers-late': {
      const days = Math.round((deliveryMs! - dep.needByMs!) / DAY_MS);
      const late = `${plural(days, 'day')} after ${taker} needs it (${formatDate(dep.needByMs!)})`;
      if (dep.committedMs === null) return `${upstream.title} (${giver}) is due ${formatDate(deliveryMs!)}, ${late}`;
      if (dep.state === 'requested') return `${giver} proposes ${formatDate(deliveryMs!)} for ${upstream.title}, ${late}`;
      return `${upstream.title} (${giver}) is committed for ${formatDate(deliveryMs!)}, ${late}`;
    }
    case 'not-committed': {
      const days = Math.round((dep.needByMs! - today) / DAY_MS);
      const timing = days >= 0 ? `${plural(days, 'day')} before it is needed` : `${plural(-days, 'day')} after it was needed`;
      return `${giver} has not committed to ${upstream.title} for ${taker}, ${timing} (${formatDate(dep.needByMs!)})`;
    }
  }
}

function valueText(amount: number, units: readonly string[]): string {
  return units.length === 1 ? `${formatNumber(amount)} ${units[0]}` : formatNumber(amount);
}
