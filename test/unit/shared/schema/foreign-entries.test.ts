import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { evaluateRules } from '../../../../shared/rules/index';
import { readRuleSettings } from '../../../../shared/schema/rule-settings';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { buildDemoWorkspace } from '../../../../server/demo/demo-workspace';

/**
 * Any writer can put anything under a key of `nodes`, `kpis`, `deps` or `agenda` (a buggy client,
 * an old one). What is not an entry is left out; it must not break reading, rules or the pivot.
 */
describe('entries that are not Y.Maps', () => {
  it('are left out of the view, the rules, the pivot and the JSON, and nothing else is lost', () => {
    const doc = new Y.Doc();
    const now = new Date('2026-11-24T12:00:00Z');
    buildDemoWorkspace(doc, now);
    const before = evaluateRules(readWorkspaceView(doc), readRuleSettings(doc), now).map((f) => f.key);

    doc.transact(() => {
      doc.getMap('nodes').set('junk-node', 'a string');
      doc.getMap('kpis').set('junk-kpi', 42);
      doc.getMap('deps').set('junk-dep', null);
      doc.getMap('agenda').set('junk-item', ['x']);
    });
    const view = readWorkspaceView(doc);
    expect(view.nodes.has('junk-node')).toBe(false);
    expect(view.kpis.has('junk-kpi')).toBe(false);
    const findings = evaluateRules(view, readRuleSettings(doc), now);
    expect(findings.map((f) => f.key)).toEqual(before);
    expect(() => applyTriagePolicy(doc, view, findings, now, 'test')).not.toThrow();
    expect(() => workspaceToJson(doc)).not.toThrow();
  });
});
