import { describe, expect, it } from 'vitest';
import { lowConfidence } from '../../../../shared/rules/low-confidence';
import { unwrap } from '../../../../shared/schema/op-result';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { addTreeNode, newWorkspace, run } from '../../support/workspace-fixtures';

function rate(confidence: number | null, kind: 'keyResult' | 'initiative' | 'objective' = 'initiative', params = {}) {
  const doc = newWorkspace();
  addTreeNode(doc, { kind, title: 'Partner programme', team: 'Growth', confidence, confidenceNote: 'Partners have not signed' });
  return run(doc, lowConfidence, params);
}

describe('low-confidence', () => {
  it('is silent at 0.4 and amber just below it', () => {
    expect(rate(0.4)).toEqual([]);
    expect(rate(0.39).map((f) => f.severity)).toEqual(['amber']);
  });

  it('is amber just above 0.2 and red at 0.2 and below', () => {
    expect(rate(0.21).map((f) => f.severity)).toEqual(['amber']);
    expect(rate(0.2).map((f) => f.severity)).toEqual(['red']);
    expect(rate(0).map((f) => f.severity)).toEqual(['red']);
  });

  it('rates key results and initiatives only, and only when a confidence is given', () => {
    expect(rate(0.1, 'keyResult')).toHaveLength(1);
    expect(rate(0.1, 'objective')).toEqual([]);
    expect(rate(null)).toEqual([]);
  });

  it('[C9] ignores archived nodes', () => {
    const doc = newWorkspace();
    unwrap(archiveNode(doc, addTreeNode(doc, { confidence: 0.1, confidenceNote: 'No budget' }), null));
    expect(run(doc, lowConfidence)).toEqual([]);
  });

  it("quotes the owner's note", () => {
    expect(rate(0.35)[0]!.message).toBe('Confidence in Partner programme (Growth) is down to 35%: Partners have not signed');
  });

  it('follows its parameters', () => {
    expect(rate(0.45, 'initiative', { amberBelow: 0.5 })).toHaveLength(1);
    expect(rate(0.3, 'initiative', { redAtOrBelow: 0.3 }).map((f) => f.severity)).toEqual(['red']);
  });
});
