import type * as Y from 'yjs';
import { INITIATIVE_STAGES, isOneOf, type InitiativeStage, type Role } from '../schema/constants';
import { writeNodeStage } from '../schema/node-accessors';
import { fail, ok, type OpError, type OpResult } from '../schema/op-result';
import { readNodeViews } from '../schema/workspace-view';
import type { NodeView } from '../schema/view-types';
import { readTree } from './tree-read';
import { named } from '../text/quoted';

/** Who is asking; the role comes from the server's session (DESIGN §5 roles). */
export interface Actor {
  role: Role;
}

const rank = (stage: InitiativeStage): number => INITIATIVE_STAGES.indexOf(stage);
const APPROVED = rank('approved');

/**
 * Whether an initiative may move from its stage to `to`, as the gate of a stage-gate process:
 *
 * - into `identified` (or past it): an owner, and a KPI or a value target to measure it by;
 * - into `detailed` (or past it): a due date, the plan's minimum;
 * - across `approved`, either way: only the facilitator (approving commits the room's budget,
 *   and un-approving withdraws it).
 *
 * Moving back needs no prerequisites. Returns null when allowed, else the refusal to show.
 * Pure, so the UI can grey out a stage the same way the write would refuse it.
 */
export function checkStageMove(node: NodeView, to: InitiativeStage, actor: Actor): OpError | null {
  if (node.kind !== 'initiative' || node.stage === null) return { code: 'invalid', message: 'Only initiatives have a stage.' };
  if (!isOneOf(INITIATIVE_STAGES, to)) return { code: 'invalid', message: `"${String(to)}" is not a stage.` };
  if (actor.role === 'viewer') return { code: 'forbidden', message: 'Viewers cannot change a stage.' };
  const from = rank(node.stage);
  const target = rank(to);
  const crossesApproval = (from < APPROVED) !== (target < APPROVED);
  if (crossesApproval && actor.role !== 'facilitator') {
    const verb = target >= APPROVED ? 'approve' : 'withdraw the approval of';
    return { code: 'forbidden', message: `Only the facilitator can ${verb} ${named(node.title)}.` };
  }
  if (target <= from) return null;
  const missing: string[] = [];
  if (target >= rank('identified')) {
    if (node.owner === null) missing.push('an owner');
    if (node.kpi === null && node.value === null) missing.push('a KPI or a value target');
  }
  if (target >= rank('detailed') && node.due === null) missing.push('a due date');
  if (missing.length === 0) return null;
  return {
    code: 'prerequisite',
    message: `${named(node.title)} needs ${joinList(missing)} before it can move to ${to}.`,
    details: missing,
  };
}

/** Moves an initiative to another stage if its gate allows it (see `checkStageMove`). */
export function setStage(doc: Y.Doc, nodeId: string, to: InitiativeStage, actor: Actor): OpResult {
  const nodes = readNodeViews(doc);
  const node = nodes.get(nodeId);
  if (!node) return fail('not-found', 'That node does not exist.');
  if (!readTree({ nodes }).parentOf.has(nodeId)) return fail('archived', 'That node is archived; restore it first.');
  const refusal = checkStageMove(node, to, actor);
  if (refusal) return { ok: false, error: refusal };
  writeNodeStage(doc, nodeId, to);
  return ok();
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
