import type { Severity } from '../schema/constants';
import type { NodeView, WorkspaceView } from '../schema/view-types';
import type { Finding } from '../rules/finding';
import { setEntry } from '../schema/plain-json';
import { indexWorkspace } from '../tree/workspace-index';
import { thresholdJudges } from '../rules/kpi-status';

export type Health = 'green' | 'amber' | 'red';
/**
 * A roll-up's health: a judged one, or `off` when nothing judged the node (C23): its only
 * evidence is a KPI whose `kpi-threshold` rule is switched off, itself or in every child that has
 * any. Never green, so a tree nothing judges does not read as on track.
 */
export type RolledUpHealth = Health | 'off';

export interface NodeRollup {
  /** 0..1: a leaf's own progress, a parent's weighted mean of its visible children. */
  readonly progress: number;
  /**
   * How many children `progress` is the weighted mean of; 0 when it is the node's own (a leaf, or
   * a parent whose children all weigh 0): where a screen offers the node's own figure to type.
   */
  readonly from: number;
  readonly health: RolledUpHealth;
  /**
   * How many nodes of its branch (itself included) link a KPI nothing judges (the threshold rule
   * off): left out of `health`, and said beside it, so "on track" never hides what nobody checks.
   */
  readonly notJudged: number;
}

const RANK: Record<Health, number> = { green: 0, amber: 1, red: 2 };

/**
 * DESIGN §4 roll-up, for every visible node:
 * - progress: a leaf's own; a parent's is the weighted mean of its non-archived children's
 *   rolled-up progress (weights default to 1). If every child weighs 0 the parent keeps its own.
 * - health: the worst of its own status (`at-risk` amber, `off-track` red, anything else
 *   green), its children's health, its KPI's band (the `kpi-threshold` finding on that KPI), the
 *   findings whose subject is the node, and the findings on the dependencies it waits for (a
 *   finding on a dependency counts on its downstream `to` node: the one that is held up).
 *   With the `kpi-threshold` rule switched off a KPI is not judged (C12), so it is no evidence
 *   (C23): a node it is the only evidence for is `off`, and so is a parent whose children are all
 *   `off` with nothing of its own to say; a parent with judged children takes their health, and
 *   `notJudged` counts the nodes left out. A node's own status counts when it says at risk or off
 *   track; a node with no evidence at all (no KPI, children or findings) is green.
 *
 * Children are folded into parents in reverse depth-first order, so it is one linear pass and
 * no recursion (a deep tree cannot overflow the stack).
 *
 * @example
 * const rollups = computeRollups(view, findings); // { [nodeId]: { progress: 0.42, from: 3, health: 'amber', notJudged: 1 } }
 */
export function computeRollups(view: WorkspaceView, findings: readonly Finding[]): Record<string, NodeRollup> {
  const index = indexWorkspace(view);
  const nodeFindings = new Map<string, Severity>();
  const kpiBands = new Map<string, Severity>();
  for (const finding of findings) {
    const { type, id } = finding.subject;
    if (type === 'node') worsen(nodeFindings, id, finding.severity);
    if (type === 'kpi' && finding.rule === 'kpi-threshold') worsen(kpiBands, id, finding.severity);
    if (type === 'dep') {
      const dep = view.deps.get(id);
      if (dep) worsen(nodeFindings, dep.to, finding.severity);
    }
  }
  const judged = thresholdJudges(view.rules);
  const rollups: Record<string, NodeRollup> = {};
  const order = index.tree.preorder;
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    const node = index.nodes.get(id)!;
    const children = index.tree.children.get(id) ?? [];
    // The worst judged evidence, undefined while there is none.
    let health = worst(ownHealth(node), nodeFindings.get(id));
    const unjudgedKpi = node.kpi !== null && !judged;
    if (node.kpi !== null && judged) health = worst(health ?? 'green', kpiBands.get(node.kpi));
    let notJudged = unjudgedKpi ? 1 : 0;
    let weighted = 0;
    let totalWeight = 0;
    for (const childId of children) {
      const child = rollups[childId]!;
      const weight = index.nodes.get(childId)!.weight;
      weighted += child.progress * weight;
      totalWeight += weight;
      notJudged += child.notJudged;
      if (child.health !== 'off') health = worst(health, child.health);
    }
    const rolledUp = children.length > 0 && totalWeight > 0;
    setEntry(rollups, id, {
      progress: rolledUp ? weighted / totalWeight : node.progress,
      from: rolledUp ? children.length : 0,
      health: health ?? (notJudged > 0 ? 'off' : 'green'),
      notJudged,
    });
  }
  return rollups;
}

/** What a node's own status says: at risk or off track; any other status is no verdict of its own. */
function ownHealth(node: NodeView): Health | undefined {
  if (node.status === 'off-track') return 'red';
  if (node.status === 'at-risk') return 'amber';
  return undefined;
}

function worst(current: Health | undefined, other: Health | Severity | undefined): Health | undefined {
  if (other === undefined) return current;
  if (current === undefined) return other;
  return RANK[other] > RANK[current] ? other : current;
}

function worsen(map: Map<string, Severity>, id: string, severity: Severity): void {
  if (map.get(id) !== 'red') map.set(id, severity);
}
