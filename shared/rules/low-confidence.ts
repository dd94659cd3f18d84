import { indexWorkspace } from '../tree/workspace-index';
import { makeFinding, type Finding, type Rule } from './finding';
import { nodeLabel } from './format';

const ID = 'low-confidence';
const RATED = new Set(['keyResult', 'initiative']);

type Params = { amberBelow: number; redAtOrBelow: number };

/**
 * DESIGN §4 `low-confidence`: a key result or initiative whose owner's confidence is below 0.4
 * → amber, at or below 0.2 → red. Nodes without a confidence are not rated.
 */
export const lowConfidence: Rule<Params> = {
  id: ID,
  title: 'Low confidence',
  defaults: { amberBelow: 0.4, redAtOrBelow: 0.2 },
  limits: { amberBelow: { min: 0, max: 1 }, redAtOrBelow: { min: 0, max: 1 } },
  labels: { amberBelow: 'Amber below confidence (0–1)', redAtOrBelow: 'Red at or below confidence (0–1)' },
  checkParams: (params) => (params.redAtOrBelow > params.amberBelow ? ['The red level cannot be above the amber level.'] : []),
  evaluate(view, params) {
    const findings: Finding[] = [];
    for (const node of indexWorkspace(view).nodes.values()) {
      if (!RATED.has(node.kind) || node.confidence === null) continue;
      const severity = node.confidence <= params.redAtOrBelow ? 'red' : node.confidence < params.amberBelow ? 'amber' : null;
      if (severity === null) continue;
      const why = node.confidenceNote ? `: ${node.confidenceNote}` : '';
      findings.push(
        makeFinding(ID, { type: 'node', id: node.id }, severity, `Confidence in ${nodeLabel(node)} is down to ${Math.round(node.confidence * 100)}%${why}`, {
          kind: node.kind,
          confidence: node.confidence,
          note: node.confidenceNote,
          amberBelow: params.amberBelow,
          redAtOrBelow: params.redAtOrBelow,
        }),
      );
    }
    return findings;
  },
};
