import { indexWorkspace } from '../tree/workspace-index';
import { makeFinding, type Finding, type Rule } from './finding';
import { KIND_NOUN, nodeName } from './format';

const ID = 'missing-owner';
const NEEDS_OWNER = new Set(['objective', 'initiative']);

/**
 * DESIGN §4 `missing-owner`: an objective or initiative nobody owns → amber. Blank or whitespace
 * is nobody: the view reads such an owner as null (`name` in stored-values), so every screen
 * agrees with this rule.
 */
export const missingOwner: Rule<Record<string, never>> = {
  id: ID,
  title: 'Missing owner',
  defaults: {},
  limits: {},
  labels: {},
  evaluate(view) {
    const findings: Finding[] = [];
    for (const node of indexWorkspace(view).nodes.values()) {
      if (!NEEDS_OWNER.has(node.kind) || node.owner !== null) continue;
      const what = node.title.trim() === '' ? nodeName(node) : `The ${KIND_NOUN[node.kind]} ${node.title}`;
      const team = node.team ? ` (${node.team})` : '';
      findings.push(
        makeFinding(ID, { type: 'node', id: node.id }, 'amber', `${what}${team} has no owner`, {
          kind: node.kind,
          team: node.team,
        }),
      );
    }
    return findings;
  },
};
