import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { NewWorkspace, Store } from '../../../server/storage/store';
import { storedWorkspace } from '../../support/stored-workspace';

/**
 * The storage contract (SPEC N1–N4), registered once per implementation (as Hono runs one router
 * suite against every router): SQLite and PostgreSQL must answer every call alike.
 */
export function storageContract(open: () => Promise<Store>): void {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  const textUpdate = (doc: Y.Doc, text: string): Uint8Array => {
    const before = Y.encodeStateVector(doc);
    doc.getText('t').insert(doc.getText('t').length, text);
    return Y.encodeStateAsUpdate(doc, before);
  };

  const workspace = (id: string, doc = new Y.Doc()): NewWorkspace => ({ ...storedWorkspace(id, doc), sealedTokens: { facilitator: 'sealed-f' } });

  const rebuilt = (stored: { state: Uint8Array | null; updates: Uint8Array[] }): string => {
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return doc.getText('t').toString();
  };

  it('[N1] a new workspace is listed, and loads as its initial state with nothing after it', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'seed');
    await store.createWorkspace(workspace('w1', doc));
    expect(await store.countWorkspaces()).toBe(1);
    expect((await store.listWorkspaces()).map((w) => [w.id, w.title, w.mode])).toEqual([['w1', 'Review w1', 'review']]);
    expect((await store.getWorkspace('w1'))?.title).toBe('Review w1');
    expect(await store.getWorkspace('nope')).toBeUndefined();
    const stored = await store.loadDocument('w1');
    expect(stored).toMatchObject({ stateIsWhole: true, stateSchema: 2, updates: [], lastSeq: 0 });
    expect(rebuilt(stored)).toBe('seed');
    expect(await store.lastSeq('w1')).toBe(0);
  });

  it('[N2] a group commit numbers each workspace’s updates without gaps and answers each entry’s last number', async () => {
    await store.createWorkspace(workspace('a'));
    await store.createWorkspace(workspace('b'));
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const first = await store.commit([
      { workspace: 'a', updates: [textUpdate(docA, 'x'), textUpdate(docA, 'y')] },
      { workspace: 'b', updates: [textUpdate(docB, 'p')], summary: { title: 'Renamed', mode: 'triage' } },
    ]);
    expect(first).toEqual([2, 1]);
    expect(await store.commit([{ workspace: 'a', updates: [textUpdate(docA, 'z')] }])).toEqual([3]);
    expect(await store.lastSeq('a')).toBe(3);
    const stored = await store.loadDocument('a');
    expect(stored).toMatchObject({ lastSeq: 3, stateIsWhole: false });
    expect(rebuilt(stored)).toBe('xyz');
    expect((await store.getWorkspace('b'))).toMatchObject({ title: 'Renamed', mode: 'triage' });
    const tail = await store.readLog('a', 1);
    expect(tail).toMatchObject({ lastSeq: 3, compacted: false });
    expect(tail.updates).toHaveLength(2);
    expect(await store.readLog('a', 3)).toEqual({ updates: [], lastSeq: 3, compacted: false });
  });

  it('[N2] a commit that fails writes nothing of any entry', async () => {
    await store.createWorkspace(workspace('a'));
    const doc = new Y.Doc();
    await expect(
      (async () => store.commit([{ workspace: 'a', updates: [textUpdate(doc, 'lost')] }, { workspace: 'missing', updates: [textUpdate(new Y.Doc(), 'q')] }]))(),
    ).rejects.toThrow();
    expect(await store.lastSeq('a')).toBe(0);
    expect((await store.loadDocument('a')).updates).toEqual([]);
    expect(await store.commit([{ workspace: 'a', updates: [textUpdate(doc, '!')] }])).toEqual([1]);
  });

  it('[N3] compaction folds the log into the state; a reader behind it is told to reload', async () => {
    await store.createWorkspace(workspace('a'));
    const doc = new Y.Doc();
    await store.commit([{ workspace: 'a', updates: [textUpdate(doc, 'one'), textUpdate(doc, 'two')] }]);
    const state = Y.encodeStateAsUpdate(doc);
    await store.commit([{ workspace: 'a', updates: [textUpdate(doc, 'three')] }]);
    await store.compact('a', state, 2, 2);
    const stored = await store.loadDocument('a');
    expect(stored.updates).toHaveLength(1);
    expect(stored.lastSeq).toBe(3);
    expect(rebuilt(stored)).toBe('onetwothree');
    expect((await store.readLog('a', 1)).compacted).toBe(true);
    expect((await store.readLog('a', 2)).updates).toHaveLength(1);
    expect(await store.commit([{ workspace: 'a', updates: [textUpdate(doc, '4')] }])).toEqual([4]);
  });

  it('[N4][A17] links, members and sessions: stored, found, replaced, given another role and revoked in one step each', async () => {
    await store.createWorkspace(workspace('w'));
    expect(await store.findToken('w-e')).toEqual({ workspace: 'w', role: 'editor', member: null, revoked: null, roleChangedBy: null });
    expect((await store.roleLinks('w')).map((link) => [link.role, link.sealed])).toEqual(
      expect.arrayContaining([
        ['facilitator', 'sealed-f'],
        ['editor', null],
        ['viewer', null],
      ]),
    );
    await store.createSession('s1', 'w', 'w-e', '2026-01-01T00:00:00.000Z');
    await store.replaceToken('w-e', { hash: 'w-e2', workspace: 'w', role: 'editor', member: null, sealed: 'sealed-e2' }, { at: '2026-01-02T00:00:00.000Z', by: 'Ada', keepSession: 's1' }, null);
    expect((await store.findToken('w-e'))?.revoked).toEqual({ at: '2026-01-02T00:00:00.000Z', why: 'replaced', by: 'Ada' });
    expect((await store.findSession('s1'))?.tokenHash).toBe('w-e2');

    await store.addMember({ id: 'm1', workspace: 'w', name: 'Grace', email: 'g@example.com', role: 'viewer', invitedBy: null }, { hash: 'm1-t', workspace: 'w', role: 'viewer', member: 'm1', sealed: null }, '2026-01-03T00:00:00.000Z', null);
    expect((await store.findToken('m1-t'))?.member).toEqual({ id: 'm1', name: 'Grace' });
    await store.markMemberSeen('m1', '2026-01-04T00:00:00.000Z');
    await store.markMemberSeen('m1', '2026-01-05T00:00:00.000Z');
    expect(await store.getMember('w', 'm1')).toMatchObject({ joinedAt: '2026-01-04T00:00:00.000Z', lastSeenAt: '2026-01-05T00:00:00.000Z', revokedAt: null });
    expect(await store.memberTokenHash('w', 'm1')).toBe('m1-t');
    // A17: the member and their link change role together, and who did it is kept with the role.
    expect((await store.findToken('m1-t'))?.roleChangedBy).toBeNull();
    expect(await store.changeMemberRole('w', 'm1', 'editor', 'Ada', 'w-f')).toBe(true);
    expect((await store.getMember('w', 'm1'))?.role).toBe('editor');
    expect(await store.findToken('m1-t')).toMatchObject({ role: 'editor', roleChangedBy: 'Ada' });
    expect((await store.findToken('w-v'))?.role).toBe('viewer');
    // The instance admin names nobody: the name of an earlier change does not stay.
    expect(await store.changeMemberRole('w', 'm1', 'viewer', null, null)).toBe(true);
    expect(await store.findToken('m1-t')).toMatchObject({ role: 'viewer', roleChangedBy: null });
    expect((await store.listMembers('w')).map((m) => m.id)).toEqual(['m1']);
    expect(await store.revokeMember('w', 'm1', { at: '2026-01-06T00:00:00.000Z', by: null }, null)).toEqual(['m1-t']);
    expect(await store.listMembers('w')).toEqual([]);
    expect((await store.findToken('m1-t'))?.revoked?.why).toBe('removed');

    await store.createSession('s3', 'w', 'w-v', '2026-01-01T00:00:00.000Z');
    await store.touchSessions(['s1', 's3', 'nobody'], '2026-02-01T00:00:00.000Z');
    await store.createSession('s2', 'w', 'w-v', '2026-01-01T00:00:00.000Z');
    expect(await store.deleteSessionsIdleSince('2026-01-15T00:00:00.000Z')).toBe(1);
    expect(await store.findSession('s2')).toBeUndefined();
    expect((await store.findSession('s3'))?.lastSeenAt).toBe('2026-02-01T00:00:00.000Z');
    await store.deleteSession('s1');
    expect(await store.findSession('s1')).toBeUndefined();

    // A sign-out is remembered until the idle sweep passes it; a swept or deleted session never was one.
    expect(await store.signOutSession('s3', '2026-02-02T00:00:00.000Z')).toBe(true);
    // Signing out of a session there is not (a replayed cookie) remembers nothing.
    expect(await store.signOutSession('nobody', '2026-02-02T00:00:00.000Z')).toBe(false);
    expect(await store.findSession('s3')).toBeUndefined();
    expect(await store.wasSignedOut('s3')).toBe(true);
    expect([await store.wasSignedOut('s1'), await store.wasSignedOut('s2'), await store.wasSignedOut('nobody')]).toEqual([false, false, false]);
    await store.deleteSessionsIdleSince('2026-02-02T00:00:00.000Z');
    expect(await store.wasSignedOut('s3')).toBe(true);
    await store.deleteSessionsIdleSince('2026-02-03T00:00:00.000Z');
    expect(await store.wasSignedOut('s3')).toBe(false);
  });

  it('[A20] a change to people is written only while the link it is asked on gives the facilitator role; of two facilitators changing each other at once, one wins', async () => {
    await store.createWorkspace(workspace('w'));
    await store.createWorkspace(workspace('x'));
    const at = '2026-01-03T00:00:00.000Z';
    const facilitators = async (round: number) => {
      const ids = [`a${round}`, `b${round}`];
      for (const id of ids) {
        expect(await store.addMember({ id, workspace: 'w', name: id, email: null, role: 'facilitator', invitedBy: null }, { hash: `${id}-t`, workspace: 'w', role: 'facilitator', member: id, sealed: null }, at, 'w-f')).toBe(true);
      }
      return ids as [string, string];
    };

    const [a, b] = await facilitators(0);
    expect(await store.changeMemberRole('w', b, 'editor', a, `${a}-t`)).toBe(true);
    // b's link gives editor now: nothing b asks for is written.
    expect(await store.changeMemberRole('w', a, 'viewer', b, `${b}-t`)).toBe(false);
    expect(await store.revokeMember('w', a, { at, by: b }, `${b}-t`)).toBeNull();
    expect(await store.addMember({ id: 'c', workspace: 'w', name: 'c', email: null, role: 'facilitator', invitedBy: b }, { hash: 'c-t', workspace: 'w', role: 'facilitator', member: 'c', sealed: null }, at, `${b}-t`)).toBe(false);
    expect(await store.replaceToken('w-f', { hash: 'w-f2', workspace: 'w', role: 'facilitator', member: null, sealed: null }, { at, by: b }, `${b}-t`)).toBe(false);
    expect((await store.getMember('w', a))?.role).toBe('facilitator');
    expect(await store.getMember('w', 'c')).toBeUndefined();
    expect((await store.findToken('w-f'))?.revoked).toBeNull();
    expect(await store.findToken('w-f2')).toBeUndefined();
    // A link of another workspace, or one revoked, gives nothing here; the admin (null) always may.
    expect(await store.changeMemberRole('w', a, 'editor', null, 'x-f')).toBe(false);
    expect(await store.revokeMember('w', a, { at, by: null }, null)).toEqual([`${a}-t`]);
    expect(await store.changeMemberRole('w', b, 'facilitator', a, `${a}-t`)).toBe(false);

    // At once, on two connections where the store has them: one of each pair is written.
    for (let round = 1; round <= 4; round++) {
      const [p, q] = await facilitators(round);
      const outcomes = await Promise.all(
        round % 2
          ? [store.changeMemberRole('w', q, 'editor', p, `${p}-t`), store.changeMemberRole('w', p, 'editor', q, `${q}-t`)]
          : [store.revokeMember('w', q, { at, by: p }, `${p}-t`), store.revokeMember('w', p, { at, by: q }, `${q}-t`)],
      );
      const won = outcomes.map((outcome) => outcome === true || Array.isArray(outcome));
      expect(won.filter(Boolean), `round ${round}`).toHaveLength(1);
      const winner = won[0] ? p : q;
      expect((await store.getMember('w', winner))?.role).toBe('facilitator');
      expect((await store.getMember('w', winner))?.revokedAt).toBeNull();
    }
  });

  it('[N4] snapshots and webhook deliveries stored with a commit exist exactly when it does', async () => {
    await store.createWorkspace(workspace('w'));
    const doc = new Y.Doc();
    const data = textUpdate(doc, 'snap');
    const extent = Y.encodeSnapshot(Y.snapshot(doc));
    await store.commit([
      {
        workspace: 'w',
        updates: [data],
        snapshots: [{ id: 'sn1', workspace: 'w', label: 'End of meeting', at: '2026-01-01T10:00:00.000Z', by: null, data, base: null, extent, basis: '{"b":1}' }],
        deliveries: [{ workspace: 'w', event: 'pivot', url: 'http://hooks.test/a', body: '{"a":1}' }],
      },
    ]);
    const added = textUpdate(doc, ' more');
    // A facilitator's snapshot comes with the update that marks it (M23); a commit of rows alone stores them too.
    await store.commit([
      { workspace: 'w', updates: [], snapshots: [{ id: 'sn2', workspace: 'w', label: 'Mine', at: '2026-01-02T10:00:00.000Z', by: 'Ada', data: added, base: 'sn1', extent: null, basis: '{"b":2}' }] },
    ]);
    expect((await store.listSnapshots('w')).map((s) => [s.id, s.by])).toEqual([
      ['sn1', null],
      ['sn2', 'Ada'],
    ]);
    const snapshot = await store.getSnapshot('w', 'sn1');
    expect(Buffer.from(snapshot!.data).equals(Buffer.from(data))).toBe(true);
    expect(snapshot!.base).toBeNull();
    const extending = await store.getSnapshot('w', 'sn2');
    expect([Buffer.from(extending!.data).equals(Buffer.from(added)), extending!.base]).toEqual([true, 'sn1']);
    // The latest whole snapshot, with what a later one needs to extend it: sn2 only extends.
    const whole = await store.latestWholeSnapshot('w');
    expect([whole?.id, whole?.bytes, Buffer.from(whole!.extent).equals(Buffer.from(extent))]).toEqual(['sn1', data.byteLength, true]);
    expect(await store.latestWholeSnapshot('elsewhere')).toBeUndefined();
    expect((await store.getSnapshotBasis('w', 'sn2'))?.basis).toBe('{"b":2}');
    await store.setSnapshotBasis('w', 'sn2', '{"b":3}');
    expect((await store.getSnapshotBasis('w', 'sn2'))?.basis).toBe('{"b":3}');

    await store.setWebhooks('w', ['http://hooks.test/a'], 'sealed', '2026-01-01T00:00:00.000Z');
    expect(await store.getWebhooks('w')).toEqual({ urls: ['http://hooks.test/a'], sealedSecret: 'sealed', updatedAt: '2026-01-01T00:00:00.000Z' });
    // M29: new URLs without a secret keep the one stored; with none stored, nothing is written.
    expect(await store.setWebhooks('w', ['http://hooks.test/b'], null, '2026-01-01T00:00:01.000Z')).toBe(true);
    expect(await store.getWebhooks('w')).toEqual({ urls: ['http://hooks.test/b'], sealedSecret: 'sealed', updatedAt: '2026-01-01T00:00:01.000Z' });
    expect(await store.setWebhooks('elsewhere', ['http://hooks.test/b'], null, '2026-01-01T00:00:01.000Z')).toBe(false);
    expect(await store.getWebhooks('elsewhere')).toBeUndefined();
    await store.setWebhooks('w', ['http://hooks.test/a'], 'sealed', '2026-01-01T00:00:00.000Z');
    // M29: sealed again only while the secret read is the one stored; when it was saved is kept.
    expect(await store.resealWebhookSecret('w', 'sealed', 'resealed')).toBe(true);
    expect(await store.resealWebhookSecret('w', 'sealed', 'resealed again')).toBe(false);
    expect(await store.resealWebhookSecret('elsewhere', 'sealed', 'resealed')).toBe(false);
    expect(await store.getWebhooks('w')).toEqual({ urls: ['http://hooks.test/a'], sealedSecret: 'resealed', updatedAt: '2026-01-01T00:00:00.000Z' });
    await store.setWebhooks('w', ['http://hooks.test/a'], 'sealed', '2026-01-01T00:00:00.000Z');
    const due = await store.dueDeliveries('2999-01-01T00:00:00.000Z', 10);
    expect(due.map((d) => [d.event, d.status, d.attempts, d.codes])).toEqual([['pivot', 'pending', 0, []]]);
    const retry = { id: due[0]!.id, nextAt: '2999-06-01T00:00:00.000Z' };
    expect(await store.recordAttempt(due[0]!, { code: 500, error: 'answered 500', status: 'pending', nextAt: retry.nextAt, at: '2026-01-01T00:00:01.000Z' })).toBe(true);
    // An attempt at the delivery as it was read before that one is not recorded over it (M31).
    expect(await store.recordAttempt(due[0]!, { code: 200, error: null, status: 'delivered', nextAt: retry.nextAt, at: '2026-01-01T00:00:02.000Z' })).toBe(false);
    expect(await store.leaveDelivery(due[0]!, 'Waiting.')).toBe(false);
    // Left without an attempt (M32): its last error says why, until an attempt is recorded.
    expect(await store.leaveDelivery(retry, 'Waiting for a server that holds its key.')).toBe(true);
    expect(await store.listDeliveries('w', 10)).toMatchObject([{ status: 'pending', attempts: 1, codes: [500], lastError: 'Waiting for a server that holds its key.', nextAt: retry.nextAt }]);
    // An attempt that sent nothing (M11, M29) has no status code, told apart from one no receiver answered.
    expect(await store.recordAttempt(retry, { code: null, error: 'Not sent.', status: 'pending', nextAt: retry.nextAt, at: '2026-01-01T00:00:03.000Z' })).toBe(true);
    expect(await store.recordAttempt(retry, { code: 0, error: 'no answer within 5000 ms', status: 'pending', nextAt: retry.nextAt, at: '2026-01-01T00:00:04.000Z' })).toBe(true);
    expect(await store.recordAttempt(retry, { code: 200, error: null, status: 'delivered', nextAt: retry.nextAt, at: '2026-01-01T00:00:05.000Z' })).toBe(true);
    expect(await store.listDeliveries('w', 10)).toMatchObject([{ status: 'delivered', attempts: 4, codes: [500, null, 0, 200], lastError: null, doneAt: '2026-01-01T00:00:05.000Z' }]);
    // Ended: nothing more is recorded over it (M28's withdrawal likewise).
    expect(await store.recordAttempt(retry, { code: 500, error: 'answered 500', status: 'pending', nextAt: retry.nextAt, at: '2026-01-01T00:00:06.000Z' })).toBe(false);
    expect(await store.nextDeliveryAt()).toBeNull();

    // M20: only deliveries that ended before the cut are removed; a pending one never is.
    await store.commit([{ workspace: 'w', updates: [textUpdate(doc, '!')], deliveries: [{ workspace: 'w', event: 'pivot', url: 'http://hooks.test/b', body: '{"b":1}' }] }]);
    expect(await store.pruneDeliveries('2026-01-01T00:00:05.000Z')).toBe(0);
    expect(await store.pruneDeliveries('2026-01-01T00:00:05.001Z')).toBe(1);
    expect((await store.listDeliveries('w', 10)).map((d) => [d.url, d.status])).toEqual([['http://hooks.test/b', 'pending']]);
    expect(await store.pruneDeliveries('2999-01-01T00:00:00.000Z')).toBe(0);
  });

  it('[M33] a snapshot whose id is stored already is not stored again, nor the minutes that send it; the rest of its commit is', async () => {
    await store.createWorkspace(workspace('w'));
    const doc = new Y.Doc();
    const end = (text: string, node: string) => {
      const data = textUpdate(doc, text);
      return {
        workspace: 'w',
        updates: [data],
        snapshots: [{ id: 'end-of-m1', workspace: 'w', label: '2026-12-07', at: `2026-12-07T10:00:0${node}.000Z`, by: null, data, base: null, extent: null, basis: `{"node":${node}}` }],
        deliveries: [
          { workspace: 'w', event: 'meeting.ended' as const, url: 'http://hooks.test/a', body: `{"node":${node}}`, snapshot: 'end-of-m1' },
          { workspace: 'w', event: 'pivot' as const, url: 'http://hooks.test/a', body: `{"pivot":${node}}` },
        ],
      };
    };
    // Two nodes recording one meeting's end, each in its own commit: the first one's record stands.
    await store.commit([end('one', '1')]);
    expect(await store.commit([end(' two', '2')])).toEqual([2]);
    expect((await store.listSnapshots('w')).map((s) => [s.id, s.at])).toEqual([['end-of-m1', '2026-12-07T10:00:01.000Z']]);
    expect((await store.getSnapshotBasis('w', 'end-of-m1'))?.basis).toBe('{"node":1}');
    // The second commit's update and its other deliveries are stored; its minutes are not.
    expect(rebuilt(await store.loadDocument('w'))).toBe('one two');
    expect((await store.listDeliveries('w', 10)).map((d) => d.body).sort()).toEqual(['{"node":1}', '{"pivot":1}', '{"pivot":2}']);
  });

  it('[M33] a snapshot carried twice in one commit is stored once, with its minutes once per URL', async () => {
    await store.createWorkspace(workspace('w'));
    const doc = new Y.Doc();
    const data = textUpdate(doc, 'one');
    const snapshot = { id: 'end-of-m1', workspace: 'w', label: '2026-12-07', at: '2026-12-07T10:00:01.000Z', by: null, data, base: null, extent: null, basis: '{}' };
    const minutes = (url: string) => ({ workspace: 'w', event: 'meeting.ended' as const, url, body: `{"to":"${url}"}`, snapshot: 'end-of-m1' });
    // One end recorded twice between two commits (two looks for a missed end): the room attaches both.
    await store.commit([
      {
        workspace: 'w',
        updates: [data],
        snapshots: [snapshot, { ...snapshot, at: '2026-12-07T10:00:02.000Z' }],
        deliveries: [minutes('http://hooks.test/a'), minutes('http://hooks.test/b'), minutes('http://hooks.test/a'), minutes('http://hooks.test/b')],
      },
    ]);
    expect((await store.listSnapshots('w')).map((s) => [s.id, s.at])).toEqual([['end-of-m1', '2026-12-07T10:00:01.000Z']]);
    expect((await store.listDeliveries('w', 10)).map((d) => d.url).sort()).toEqual(['http://hooks.test/a', 'http://hooks.test/b']);
  });
}
