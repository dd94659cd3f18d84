import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { describeChanges, namesIn } from '../../../client/state/change-summary';
import { diffWorkspaces } from '../../../shared/history/changes';
import { recordBasis } from '../../../shared/history/record-basis';
import { applyTriagePolicy } from '../../../shared/pivot/triage-policy';
import { evaluateRules } from '../../../shared/rules/index';
import { writeRuleSetting } from '../../../shared/rules/rule-settings';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { addKpi, day, newWorkspace, NOW } from '../support/workspace-fixtures';

/** The rule runner's pass, as the server makes it after every change. */
function runRules(doc: Y.Doc): void {
  const view = readWorkspaceView(doc);
  applyTriagePolicy(doc, view, evaluateRules(view, view.rules, NOW), NOW, 'rules');
}

/** "Since the last review" from a copy taken with the KPI red to the document after `change`. */
function sinceLastReview(change: (doc: Y.Doc) => void): string[] {
  const doc = newWorkspace();
  addKpi(doc, { name: 'Cloud cost saving', unit: 'kUSD', target: 203, readings: [[day(-1), 170]] });
  runRules(doc);
  const before = recordBasis(doc);
  change(doc);
  runRules(doc);
  const view = readWorkspaceView(doc);
  return describeChanges(diffWorkspaces(before, recordBasis(doc)), namesIn(view)).flatMap((section) => section.lines);
}

describe('a rule switched off is not a KPI improving', () => {
  it('[M3][M13][C12] switching kpi-threshold off says the band is not judged, never red → green', () => {
    const lines = sinceLastReview((doc) => writeRuleSetting(doc, 'kpi-threshold', { enabled: false }, null));
    const kpi = lines.find((line) => line.startsWith('“Cloud cost saving”'));
    expect(kpi).toBe('“Cloud cost saving”: 170 kUSD → 170 kUSD, band red → not judged (threshold rule off)');
    expect(lines.join('\n')).not.toMatch(/→ green/);
  });

  it('[M3][C12] with the rule still on, a KPI still red has not moved', () => {
    expect(sinceLastReview(() => {}).filter((line) => line.includes('Cloud cost saving'))).toEqual([]);
  });
});
