import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createNode, nodeNotes, nodeTitleText, updateNode } from '../../../../shared/schema/node-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { archiveNode } from '../../../../shared/tree/tree-ops';
import { addKpi, addTreeNode, newWorkspace } from '../../support/workspace-fixtures';

describe('createNode', () => {
  it('writes every field of DESIGN §3 with its default, title and notes as Y.Text', () => {
    const doc = newWorkspace();
    const id = unwrap(createNode(doc, { kind: 'initiative', title: ' Partner programme ', order: 'V', owner: ' ', team: 'Growth' }));
    expect(workspaceToJson(doc).nodes[id]).toEqual({
      id,
      kind: 'initiative',
      title: 'Partner programme',
      parent: null,
      order: 'V',
      owner: null,
      team: 'Growth',
      due: null,
      reviewDate: null,
      status: 'not-started',
      progress: 0,
      weight: 1,
      kpi: null,
      confidence: null,
      confidenceNote: null,
      stage: 'idea',
      value: null,
      notes: '',
      archived: false,
    });
    const entry = doc.getMap<Y.Map<unknown>>('nodes').get(id)!;
    expect(entry.get('title')).toBeInstanceOf(Y.Text);
    expect(entry.get('notes')).toBeInstanceOf(Y.Text);
  });

  it('creates a node in one update, so no replica ever sees half of it', () => {
    const doc = newWorkspace();
    let updates = 0;
    doc.on('update', () => updates++);
    addTreeNode(doc);
    expect(updates).toBe(1);
  });

  it('refuses a KPI that does not exist, an order that is not a key and a reused id', () => {
    const doc = newWorkspace();
    expect(createNode(doc, { kind: 'keyResult', title: 'KR', order: 'V', kpi: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(createNode(doc, { kind: 'keyResult', title: 'KR', order: 'V0' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    unwrap(createNode(doc, { id: 'n1', kind: 'keyResult', title: 'KR', order: 'V' }));
    expect(createNode(doc, { id: 'n1', kind: 'keyResult', title: 'KR', order: 'V' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('[U72][U73] refuses a title over 200 characters as a person counts them, when a node is made or renamed, and stores nothing', () => {
    const doc = newWorkspace();
    const pasted = `Plan ${'x'.repeat(100_000)}`;
    const refusal = { ok: false, error: { code: 'invalid', message: 'A title may have at most 200 characters; this one has 100005.' } };
    expect(createNode(doc, { kind: 'objective', title: pasted, order: 'V' })).toMatchObject(refusal);
    expect(workspaceToJson(doc).nodes).toEqual({});
    // 200 flags are 200 characters on the screen (800 UTF-16 units), and are taken; trimmed as stored.
    const id = unwrap(createNode(doc, { kind: 'objective', title: `  ${'🇳🇴'.repeat(200)}  `, order: 'V' }));
    expect(updateNode(doc, id, { title: pasted })).toMatchObject(refusal);
    expect(updateNode(doc, id, { title: '👍🏽'.repeat(201) })).toMatchObject({ ok: false, error: { message: 'A title may have at most 200 characters; this one has 201.' } });
    expect(workspaceToJson(doc).nodes[id]!.title).toBe('🇳🇴'.repeat(200));
    // One letter under 10,000 combining marks is one grapheme, but no 200-character limit may
    // store 10,001 units of it: past 32 units a cluster counts once per 32. So many units are more
    // than 201 characters whatever they hold, and the refusal says so without segmenting them.
    expect(updateNode(doc, id, { title: `Z${'\u0301'.repeat(10_000)}` })).toMatchObject({ ok: false, error: { message: 'A title may have at most 200 characters; this one has more than 201.' } });
    expect(updateNode(doc, id, { title: `Z${'\u0301'.repeat(6_400)}` })).toMatchObject({ ok: false, error: { message: 'A title may have at most 200 characters; this one has 201.' } });
    expect(workspaceToJson(doc).nodes[id]!.title).toBe('🇳🇴'.repeat(200));
  });

  it('[U72] a node another writer stored with a longer title still takes every other edit', () => {
    const doc = newWorkspace();
    const id = unwrap(createNode(doc, { kind: 'objective', title: 'Grow', order: 'V' }));
    const long = 'x'.repeat(5_000);
    nodeTitleText(doc, id)!.insert(4, long);
    unwrap(updateNode(doc, id, { owner: 'Dana', status: 'at-risk' }));
    expect(workspaceToJson(doc).nodes[id]).toMatchObject({ title: `Grow${long}`, owner: 'Dana', status: 'at-risk' });
  });

  it('asks for a note with a low starting confidence', () => {
    const doc = newWorkspace();
    expect(createNode(doc, { kind: 'keyResult', title: 'KR', order: 'V', confidence: 0.3 })).toMatchObject({
      ok: false,
      error: { message: 'Lowering confidence needs a note saying why.' },
    });
    expect(createNode(doc, { kind: 'keyResult', title: 'KR', order: 'V', confidence: 0.3, confidenceNote: 'Vendor late' }).ok).toBe(true);
    expect(createNode(doc, { kind: 'keyResult', title: 'KR', order: 'V', confidence: 0.6 }).ok).toBe(true);
  });
});

describe('updateNode', () => {
  it('changes the fields given and keeps the others', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc);
    const id = addTreeNode(doc, { title: 'Old', owner: 'Ana', progress: 0.2 });
    unwrap(updateNode(doc, id, { title: 'New', progress: 0.5, kpi, notes: 'Why it matters' }));
    expect(workspaceToJson(doc).nodes[id]).toMatchObject({ title: 'New', owner: 'Ana', progress: 0.5, kpi, notes: 'Why it matters' });
  });

  it('[H1][U42] stores a shared text again where another writer stored a title or notes of another type, and finds the row no text to bind', () => {
    const doc = newWorkspace();
    const id = addTreeNode(doc, { title: 'Old' });
    const entry = doc.getMap<Y.Map<unknown>>('nodes').get(id)!;
    entry.set('title', 'typed by a script');
    entry.set('notes', { toString: 1 });
    expect(nodeTitleText(doc, id)).toBeUndefined();
    unwrap(updateNode(doc, id, { title: 'Renamed', notes: 'Why it matters' }));
    expect(entry.get('title')).toBeInstanceOf(Y.Text);
    expect(nodeTitleText(doc, id)?.toString()).toBe('Renamed');
    expect(String(entry.get('notes'))).toBe('Why it matters');
    doc.getMap('nodes').set('not-a-map', 'plain' as unknown as Y.Map<unknown>);
    expect(nodeTitleText(doc, 'not-a-map')).toBeUndefined();
  });

  it('produces no update when nothing changes', () => {
    const doc = newWorkspace();
    const id = addTreeNode(doc, { title: 'Same', owner: 'Ana', value: { planned: 1, realised: 0, unit: 'kUSD' } });
    let updates = 0;
    doc.on('update', () => updates++);
    unwrap(updateNode(doc, id, { title: 'Same', owner: 'Ana', value: { planned: 1, realised: 0, unit: 'kUSD' } }));
    expect(updates).toBe(0);
  });

  it('needs a note to lower confidence, but not to raise it', () => {
    const doc = newWorkspace();
    const id = addTreeNode(doc, { kind: 'keyResult', confidence: 0.7 });
    expect(updateNode(doc, id, { confidence: 0.6 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    unwrap(updateNode(doc, id, { confidence: 0.6, confidenceNote: 'Hiring slipped a month' }));
    unwrap(updateNode(doc, id, { confidence: 0.8 }));
    expect(workspaceToJson(doc).nodes[id]).toMatchObject({ confidence: 0.8, confidenceNote: 'Hiring slipped a month' });
  });

  it('refuses values only initiatives carry, and edits to archived nodes', () => {
    const doc = newWorkspace();
    const milestone = addTreeNode(doc, { kind: 'milestone' });
    expect(updateNode(doc, milestone, { value: { planned: 1, realised: 0, unit: 'kUSD' } })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    unwrap(archiveNode(doc, milestone, null));
    expect(updateNode(doc, milestone, { title: 'x' })).toMatchObject({ ok: false, error: { code: 'archived' } });
    expect(updateNode(doc, 'missing', { title: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('[U50] nodeNotes', () => {
  it('reads the shared notes text, and notes stored as a string keep their words when an edit makes them a shared text', () => {
    const doc = newWorkspace();
    const id = unwrap(createNode(doc, { kind: 'objective', title: 'Grow ACV', order: 'V', notes: 'Board wants it' }));
    expect(nodeNotes(doc, id).text?.toString()).toBe('Board wants it');
    const entry = doc.getMap<Y.Map<unknown>>('nodes').get(id)!;
    entry.set('notes', 'Typed by an integration');
    expect(nodeNotes(doc, id)).toEqual({ text: undefined, words: 'Typed by an integration' });
    unwrap(updateNode(doc, id, { notes: nodeNotes(doc, id).words }));
    expect(entry.get('notes')).toBeInstanceOf(Y.Text);
    expect(nodeNotes(doc, id).text?.toString()).toBe('Typed by an integration');
    expect(nodeNotes(doc, 'no-such-node')).toEqual({ text: undefined, words: '' });
  });
});
