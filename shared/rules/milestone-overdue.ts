import { DAY_MS, todayMs } from '../schema/utc-dates';
import { indexWorkspace } from '../tree/workspace-index';
import { makeFinding, type Finding, type Rule } from './finding';
import { formatDate, joinNames, nodeLabel, partyOf, plural } from './format';

const ID = 'milestone-overdue';

/**
 * DESIGN §4 `milestone-overdue`: any visible node whose `due` date is before today (UTC) and
 * whose status is not `done`. Red when it is the upstream of a dependency not yet done and not
 * archived (another team is waiting on it), amber otherwise. Due today is not overdue. Archived
 * nodes (and everything under them) are not visible, so they raise nothing.
 */
export const milestoneOverdue: Rule<Record<string, never>> = {
  id: ID,
  title: 'Overdue milestone',
  defaults: {},
  limits: {},
  labels: {},
  evaluate(view, _params, now) {
    const index = indexWorkspace(view);
    const today = todayMs(now);
    const findings: Finding[] = [];
    for (const node of index.nodes.values()) {
      if (node.dueMs === null || node.dueMs >= today || node.status === 'done') continue;
      const waiting = index.openDepsFrom.get(node.id) ?? [];
      const daysOverdue = Math.round((today - node.dueMs) / DAY_MS);
      const late = `${nodeLabel(node)} was due ${formatDate(node.dueMs)} and is not done (${plural(daysOverdue, 'day')} overdue)`;
      const parties = new Set(waiting.map((dep) => partyOf(index.nodes.get(dep.to)!)));
      const verb = parties.size === 1 ? 'is' : 'are';
      const message = parties.size > 0 ? `${late}; ${joinNames([...parties])} ${verb} waiting on it` : late;
      findings.push(
        makeFinding(ID, { type: 'node', id: node.id }, waiting.length > 0 ? 'red' : 'amber', message, {
          kind: node.kind,
          due: node.due,
          daysOverdue,
          status: node.status,
          waitingDeps: waiting.map((dep) => dep.id),
          waitingNodes: waiting.map((dep) => dep.to).sort(),
        }),
      );
    }
    return findings;
  },
};
