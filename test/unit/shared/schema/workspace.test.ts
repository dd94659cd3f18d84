import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initWorkspace, isInitialised, readMode, renameWorkspace, workspaceTitleTooLong } from '../../../../shared/schema/workspace';
import { readMeeting } from '../../../../shared/schema/meeting';
import { workspaceToJson } from '../../../../shared/schema/to-json';

describe('initWorkspace', () => {
  it('[L8] writes schema 2 and the title in one update, and reads as review mode with no pivot and an idle meeting', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    initWorkspace(doc, { title: '  Q4 operating review ' });
    expect(updates).toBe(1);
    // What a newcomer is sent: the two items, nothing a reader would default anyway.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(replica.getMap('meta').toJSON()).toEqual({ schema: 2, title: 'Q4 operating review' });
    expect(replica.getMap('meeting').size).toBe(0);
    expect(readMode(replica)).toBe('review');
    expect(readMeeting(replica)).toEqual({ status: 'idle', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: false, highlight: null, endSnapshot: null });
    expect(workspaceToJson(replica)).toEqual({
      meta: { schema: 2, title: 'Q4 operating review', mode: 'review', pivotedAt: null, pivotReason: null },
      nodes: {},
      kpis: {},
      deps: {},
      agenda: {},
      meeting: { status: 'idle', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: false },
      rules: {},
      log: [],
    });
  });

  it('only retitles a workspace that is already initialised, keeping its mode', () => {
    const doc = new Y.Doc();
    initWorkspace(doc, { title: 'Demo' });
    doc.getMap('meta').set('mode', 'triage');
    initWorkspace(doc, { title: 'Board review' });
    expect(workspaceToJson(doc).meta).toMatchObject({ title: 'Board review', mode: 'triage', schema: 2 });
    expect(readMode(doc)).toBe('triage');
  });

  it('refuses an empty title and knows a blank document is not initialised', () => {
    const doc = new Y.Doc();
    expect(() => initWorkspace(doc, { title: ' ' })).toThrow(TypeError);
    expect(isInitialised(doc)).toBe(false);
    expect(workspaceToJson(doc).meta).toBeNull();
    expect(readMode(doc)).toBe('review');
  });
});

describe('renameWorkspace', () => {
  it('[A18] stores one line with its spaces collapsed, up to 200 characters, and refuses an empty or longer title saying why', () => {
    const doc = new Y.Doc();
    initWorkspace(doc, { title: 'Q4 operating review' });
    const writes: number[] = [];
    doc.on('update', () => writes.push(1));
    expect(renameWorkspace(doc, '  Q1\n operating   review ')).toEqual({ ok: true, value: undefined });
    expect(doc.getMap('meta').get('title')).toBe('Q1 operating review');
    expect(renameWorkspace(doc, 'Q1 operating review').ok).toBe(true);
    expect(writes).toHaveLength(1);
    const empty = renameWorkspace(doc, ' \t ');
    expect(empty.ok || empty.error.message).toBe('A review needs a title.');
    expect(renameWorkspace(doc, 'x'.repeat(200)).ok).toBe(true);
    const long = renameWorkspace(doc, 'x'.repeat(201));
    expect(long.ok || long.error.message).toBe('A title may have at most 200 characters; this one has 201.');
    const control = renameWorkspace(doc, 'Q1\u0000 review');
    expect(control.ok || control.error.message).toBe('A title may not contain control characters such as a line break, a tab or NUL.');
    expect(doc.getMap('meta').get('title')).toBe('x'.repeat(200));
  });

  it('[U85] counts a title in the characters a person sees, as a node’s (U73): the header marks and refuses what REST would', () => {
    const doc = new Y.Doc();
    initWorkspace(doc, { title: 'Q4 operating review' });
    // A skin-toned hand is one character and four UTF-16 units; a Norwegian flag, one and four.
    expect(workspaceTitleTooLong('👍🏽'.repeat(200))).toBe(false);
    expect(renameWorkspace(doc, '👍🏽'.repeat(200)).ok).toBe(true);
    expect(doc.getMap('meta').get('title')).toBe('👍🏽'.repeat(200));
    expect(workspaceTitleTooLong(` ${'🇳🇴'.repeat(201)} `)).toBe(true);
    const long = renameWorkspace(doc, '🇳🇴'.repeat(201));
    expect(long.ok || long.error.message).toBe('A title may have at most 200 characters; this one has 201.');
    // Spacing collapsed first, as it is stored.
    expect(workspaceTitleTooLong(`${'x'.repeat(100)}    ${'x'.repeat(99)}`)).toBe(false);
  });
});
