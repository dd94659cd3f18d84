import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { makeFinding } from '../../../../shared/rules/finding';
import { evaluateRules } from '../../../../shared/rules/index';
import { migrateWorkspace } from '../../../../shared/schema/migrations';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import type { WorkspaceJson } from '../../../../shared/schema/types';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/schema1');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as {
  recordedBy: { recordedAt: string };
  workspace: { id: string };
  people: { ana: string; ben: string };
  subjects: { procurementKpi: string; cloudSavingKpi: string };
  items: Record<string, string>;
  document: WorkspaceJson;
};
const RECORDED = new Date(expected.recordedBy.recordedAt);
const MIGRATED_AT = new Date('2026-12-02T09:00:00Z');

/** The schema-1 document exactly as the previous release stored it: its state row and update log. */
function storedDocument(): Y.Doc {
  const dir = mkdtempSync(join(tmpdir(), 'schema1-'));
  try {
    // A copy: even a read-only open leaves -shm/-wal files beside the database.
    copyFileSync(join(FIXTURE, 'throughline.db'), join(dir, 'throughline.db'));
    const db = new Database(join(dir, 'throughline.db'), { readonly: true });
    const doc = new Y.Doc();
    const state = db.prepare('SELECT data FROM states WHERE workspace = ?').get(expected.workspace.id) as { data: Buffer } | undefined;
    if (state) Y.applyUpdate(doc, state.data);
    for (const row of db.prepare('SELECT data FROM updates WHERE workspace = ? ORDER BY seq').all(expected.workspace.id) as { data: Buffer }[]) {
      Y.applyUpdate(doc, row.data);
    }
    db.close();
    return doc;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function migrated(): { doc: Y.Doc; before: WorkspaceJson; after: WorkspaceJson } {
  const doc = storedDocument();
  const before = workspaceToJson(doc);
  expect(migrateWorkspace(doc, 'migration', MIGRATED_AT)).toEqual({ from: 1, to: 2, applied: [2] });
  return { doc, before, after: workspaceToJson(doc) };
}

const T = MIGRATED_AT.toISOString();

describe('T1 the 1 → 2 migration on a workspace the schema-1 release stored', () => {
  it('reads the stored document the fixture describes (the test is on real data, not an empty doc)', () => {
    const before = workspaceToJson(storedDocument());
    expect(before.meta!.schema).toBe(1);
    expect(Object.keys(before.agenda)).toHaveLength(14);
    expect(before.agenda[expected.items.procurementThreshold!]!.decision).toMatch(/^Re-baseline the procurement plan/);
  });

  it('merges the three items on one KPI into one, keeping both decisions, every action, the votes added up and the furthest state', () => {
    const { after } = migrated();
    const merged = after.agenda[`triage:kpi:${expected.subjects.procurementKpi}`]!;
    expect(merged).toMatchObject({
      kind: 'triage',
      title: 'Procurement savings',
      subject: { type: 'kpi', id: expected.subjects.procurementKpi },
      state: 'decided',
      severity: 'red',
      owner: 'Priya Raman',
      timeboxMin: 10,
      acceptedSeverity: 'red',
      outcomeAt: T,
      revisitOn: null,
      cleared: false,
      standing: false,
    });
    expect(merged.decision).toBe(
      'Re-baseline the procurement plan to 220 kUSD and move the tail-spend review into this quarter.\n\nWait for the November vendor invoices before judging the trend.',
    );
    expect(merged.actions.map((action) => [action.text, action.done])).toEqual([
      ['Send the re-baselined plan to Finance', true],
      ['Book the tail-spend review with the top 20 vendors', false],
      ['Pull the November invoices from Coupa', false],
    ]);
    expect(merged.votes).toEqual({ [expected.people.ana]: 3, [expected.people.ben]: 1 });
    // It accepts what the room settled (the decided threshold, the deferred trend), not the
    // stale finding that was still under discussion.
    expect(Object.keys(merged.findings).sort()).toEqual(['kpi-threshold', 'kpi-trend'].map((rule) => `${rule}:kpi:${expected.subjects.procurementKpi}`));
    for (const finding of Object.values(merged.findings)) expect(finding.since).toBe(T);
  });

  it('leaves one item per subject and none of the per-finding ids', () => {
    const { before, after } = migrated();
    const ids = Object.keys(after.agenda);
    expect(ids.filter((id) => /^triage:[^:]+:[^:]+:/.test(id))).toEqual([]);
    const subjects = Object.values(before.agenda).filter((item) => item.kind === 'triage').map((item) => `triage:${item.subject!.type}:${item.subject!.id}`);
    expect(ids.filter((id) => id.startsWith('triage:')).sort()).toEqual([...new Set(subjects)].sort());
    const cloud = after.agenda[`triage:kpi:${expected.subjects.cloudSavingKpi}`]!;
    expect(cloud).toMatchObject({ title: 'Cloud cost saving', state: 'open', outcomeAt: null, acceptedSeverity: null, votes: { [expected.people.ben]: 3 } });
    expect(cloud.decision).toBe('Draft: accept the slip if reserved instances land by month end.');
    expect(after.agenda[expected.items.tieredSlasOwner!.replace('missing-owner:', '')]).toMatchObject({ state: 'resolved', decision: 'Grace Mensah owns tiered SLAs until the Q1 plan.' });
  });

  it('stamps createdAt on KPIs, archived on KPIs and dependencies, an idle meeting, and moves nothing else', () => {
    const { before, after } = migrated();
    expect(after.meta).toEqual({ ...before.meta, schema: 2 });
    expect(after.meeting).toEqual({ status: 'idle', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: false });
    expect(after.nodes).toEqual(before.nodes);
    expect(after.rules).toEqual(before.rules);
    expect(after.log).toEqual(before.log);
    for (const [id, kpi] of Object.entries(before.kpis)) expect(after.kpis[id]).toEqual({ ...kpi, createdAt: T, archived: false });
    for (const [id, dep] of Object.entries(before.deps)) expect(after.deps[id]).toEqual({ ...dep, archived: false });
    for (const [id, item] of Object.entries(before.agenda).filter(([, item]) => item.kind === 'review')) {
      const { finding: _gone, ...kept } = item as typeof item & { finding?: unknown };
      expect(after.agenda[id]).toEqual({ ...kept, standing: false, cleared: false, acceptedSeverity: null, revisitOn: null, outcomeAt: null });
    }
  });

  it('on the next rule run, brings back the finding the room was still discussing, keeping what it decided', () => {
    const { doc } = migrated();
    const view = readWorkspaceView(doc);
    const findings = evaluateRules(view, view.rules, RECORDED);
    const id = `triage:kpi:${expected.subjects.procurementKpi}`;
    expect(findings.map((finding) => finding.key)).toContain(`kpi-stale:kpi:${expected.subjects.procurementKpi}`);
    const summary = applyTriagePolicy(doc, view, findings, MIGRATED_AT, 'rules');
    expect(summary.reopened).toEqual([id]);
    const merged = workspaceToJson(doc).agenda[id]!;
    expect(merged).toMatchObject({ state: 'open', owner: 'Priya Raman' });
    expect(merged.decision).toMatch(/^Re-baseline the procurement plan/);
    expect(workspaceToJson(doc).log.at(-1)).toMatchObject({ kind: 'reopen', ref: id });
    expect(workspaceToJson(doc).log.at(-1)!.text).toMatch(/Procurement savings has had no reading|stale|no reading/i);
  });

  it('runs once: a second load climbs nothing and writes nothing', () => {
    const { doc } = migrated();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrateWorkspace(doc, 'migration', new Date())).toEqual({ from: 2, to: 2, applied: [] });
    expect(updates).toBe(0);
  });
});

describe('T1 merging schema-1 items that writers left odd', () => {
  /** A schema-1 triage item as that release wrote it (raw fields; the new accessors write schema 2). */
  function schema1Item(doc: Y.Doc, id: string, fields: Record<string, unknown>, actions: Record<string, unknown>[] = []): void {
    const entry = new Y.Map<unknown>();
    doc.getMap('agenda').set(id, entry);
    for (const [key, value] of Object.entries({ id, kind: 'triage', owner: null, timeboxMin: 5, order: 'a1', state: 'open', ...fields })) entry.set(key, value);
    entry.set('decision', new Y.Text(typeof fields.decisionText === 'string' ? fields.decisionText : ''));
    entry.set('actions', Y.Array.from(actions.map((action) => new Y.Map(Object.entries(action)))));
    entry.set('votes', new Y.Map());
  }

  function schema1Doc(): Y.Doc {
    const doc = new Y.Doc();
    doc.transact(() => {
      const meta = doc.getMap('meta');
      meta.set('schema', 1);
      meta.set('title', 'Old review');
      meta.set('mode', 'triage');
    });
    return doc;
  }

  it('finds the subject from the old id when the subject field was lost, and keeps a duplicated action once', () => {
    const doc = schema1Doc();
    const action = { id: 'act1', text: 'Call Sam', owner: null, due: null, done: false };
    schema1Item(doc, 'triage:kpi-threshold:kpi:k1', { subject: null, finding: 'kpi-threshold:kpi:k1', severity: 'amber', order: 'b2', title: 'k1 is behind' }, [action]);
    schema1Item(doc, 'triage:kpi-stale:kpi:k1', { subject: { type: 'kpi', id: 'k1' }, finding: 'kpi-stale:kpi:k1', severity: 'amber', order: 'a5', state: 'deferred', title: 'k1 is stale' }, [action]);
    migrateWorkspace(doc, null, MIGRATED_AT);
    const agenda = workspaceToJson(doc).agenda;
    expect(Object.keys(agenda)).toEqual(['triage:kpi:k1']);
    // No KPI of that id: the title falls back to the furthest item's own.
    expect(agenda['triage:kpi:k1']).toMatchObject({ title: 'k1 is stale', state: 'deferred', order: 'a5', acceptedSeverity: 'amber', outcomeAt: T });
    expect(agenda['triage:kpi:k1']!.actions).toEqual([action]);
  });

  it('does not let a decided amber cover an open red on the same subject: the red comes back and pivots', () => {
    const doc = schema1Doc();
    doc.getMap('meta').set('mode', 'review');
    schema1Item(doc, 'triage:kpi-threshold:kpi:k1', { subject: { type: 'kpi', id: 'k1' }, finding: 'kpi-threshold:kpi:k1', severity: 'red', state: 'open', title: 'k1 is far behind' });
    schema1Item(doc, 'triage:kpi-trend:kpi:k1', { subject: { type: 'kpi', id: 'k1' }, finding: 'kpi-trend:kpi:k1', severity: 'amber', state: 'decided', title: 'k1 trends down' });
    migrateWorkspace(doc, null, MIGRATED_AT);
    expect(workspaceToJson(doc).agenda['triage:kpi:k1']).toMatchObject({ state: 'decided', acceptedSeverity: 'amber', severity: 'red' });
    expect(Object.keys(workspaceToJson(doc).agenda['triage:kpi:k1']!.findings)).toEqual(['kpi-trend:kpi:k1']);
    const live = [
      makeFinding('kpi-threshold', { type: 'kpi', id: 'k1' }, 'red', 'k1 is far behind', {}),
      makeFinding('kpi-trend', { type: 'kpi', id: 'k1' }, 'amber', 'k1 trends down', {}),
    ];
    const summary = applyTriagePolicy(doc, readWorkspaceView(doc), live, MIGRATED_AT, 'rules');
    expect(summary).toMatchObject({ pivoted: true, reopened: ['triage:kpi:k1'] });
  });

  it('is resolved only when every part was: a resolved part whose finding cleared settles nothing about a live one', () => {
    const doc = schema1Doc();
    schema1Item(doc, 'triage:kpi-threshold:kpi:k1', { subject: { type: 'kpi', id: 'k1' }, finding: 'kpi-threshold:kpi:k1', severity: 'red', state: 'open', title: 'far behind' });
    schema1Item(doc, 'triage:kpi-stale:kpi:k1', { subject: { type: 'kpi', id: 'k1' }, finding: 'kpi-stale:kpi:k1', severity: 'amber', state: 'resolved', title: 'stale' });
    schema1Item(doc, 'triage:missing-owner:node:n1', { subject: { type: 'node', id: 'n1' }, finding: 'missing-owner:node:n1', severity: 'amber', state: 'resolved', title: 'no owner' });
    migrateWorkspace(doc, null, MIGRATED_AT);
    const agenda = workspaceToJson(doc).agenda;
    expect(agenda['triage:kpi:k1']).toMatchObject({ state: 'open', outcomeAt: null, acceptedSeverity: null, findings: {} });
    expect(agenda['triage:node:n1']).toMatchObject({ state: 'resolved', outcomeAt: T, acceptedSeverity: 'amber', findings: {} });
  });

  it('gives a schema-1 deferral, which had no date, a revisit date a week after the migration', () => {
    const doc = schema1Doc();
    schema1Item(doc, 'triage:kpi-trend:kpi:k1', { subject: { type: 'kpi', id: 'k1' }, finding: 'kpi-trend:kpi:k1', severity: 'amber', state: 'deferred', title: 'trend' });
    migrateWorkspace(doc, null, MIGRATED_AT);
    expect(workspaceToJson(doc).agenda['triage:kpi:k1']).toMatchObject({ state: 'deferred', revisitOn: '2026-12-09', acceptedSeverity: 'amber' });
  });

  it('leaves a triage item with no readable subject in place, with the new fields', () => {
    const doc = schema1Doc();
    schema1Item(doc, 'strange', { subject: 'nonsense', finding: 5, severity: 'red', state: 'decided', title: 'Odd' });
    migrateWorkspace(doc, null, MIGRATED_AT);
    expect(workspaceToJson(doc).agenda.strange).toMatchObject({ title: 'Odd', state: 'decided', outcomeAt: T, acceptedSeverity: 'red', standing: false });
    expect(workspaceToJson(doc).agenda.strange).not.toHaveProperty('finding');
  });
});
