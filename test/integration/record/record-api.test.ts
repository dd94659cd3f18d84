import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addAction, updateAction } from '../../../shared/schema/agenda-actions';
import { createAgendaItem } from '../../../shared/schema/agenda-accessors';
import { endMeeting, readMeeting, startMeeting } from '../../../shared/schema/meeting';
import { createNode, updateNode } from '../../../shared/schema/node-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { lastSnapshotId } from '../../../shared/schema/snapshot-mark';
import { dayInWords, formatDate } from '../../../shared/rules/format';
import { keyBetween } from '../../../shared/tree/fractional-index';
import { useWorkspace } from '../support/fixture';
import { call } from '../support/people';
import { waitFor } from '../support/clients';
import { addKpi, day, storedJson } from '../support/triage';

interface Snapshot {
  id: string;
  label: string;
  at: string;
  by: string | null;
  kind: 'meeting-end' | 'taken';
}

describe('the record a meeting leaves: snapshots, changes, actions, exports, import (SPEC M1–M8)', () => {
  const fixture = useWorkspace();
  const api = (method: string, path: string, role: 'facilitator' | 'editor' | 'viewer', body?: unknown) =>
    call<any>(fixture.server.url, method, `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens[role] }, body);
  /** The snapshots listed the moment a copy's `root` first holds a mark (`marked`): asked then, the snapshot must already be listed. */
  const listedWhenMarked = (root: Y.Map<unknown>, marked: () => boolean) =>
    new Promise<Snapshot[]>((resolve) => {
      const onMark = () => {
        if (!marked()) return;
        root.unobserve(onMark);
        resolve(api('GET', '/snapshots', 'viewer').then((answer) => answer.json.snapshots));
      };
      root.observe(onMark);
    });

  it('[M1] a facilitator takes a named snapshot; it is listed and reads as the document then', async () => {
    const client = await fixture.connect('editor');
    const node = unwrap(createNode(client.doc, { kind: 'objective', title: 'Grow', order: keyBetween(null, null) }));
    await waitFor('the node to be stored', async () => (await storedJson(fixture)).nodes[node] !== undefined);
    const taken = await api('POST', '/snapshots', 'facilitator', { label: 'Before the review' });
    expect(taken.status).toBe(201);
    expect(taken.json).toEqual({ id: expect.any(String), label: 'Before the review', at: expect.any(String), by: 'facilitator', kind: 'taken' });
    unwrap(updateNode(client.doc, node, { status: 'at-risk' }));
    await waitFor('the change to be stored', async () => (await storedJson(fixture)).nodes[node]!.status === 'at-risk');

    expect((await api('GET', '/snapshots', 'viewer')).json).toEqual({ snapshots: [taken.json] });
    const read = await api('GET', `/snapshots/${taken.json.id}`, 'viewer');
    expect(read.status).toBe(200);
    expect(read.json.document.nodes[node]).toMatchObject({ title: 'Grow', status: 'not-started' });
    // The next one stores only what it adds to the first, and reads as the document then all the same.
    const next = await api('POST', '/snapshots', 'facilitator', { label: 'After' });
    // Someone on the facilitator's link is listed by the name they typed, marked a guest's, not as "facilitator".
    expect((await api('POST', '/snapshots', 'facilitator', { label: 'Named', by: ' Ana Diaz ' })).json.by).toBe('Ana Diaz (guest)');
    expect((await api('POST', '/snapshots', 'facilitator', { label: 'Too long', by: 'a'.repeat(101) })).status).toBe(400);
    unwrap(updateNode(client.doc, node, { status: 'off-track' }));
    await waitFor('the later change to be stored', async () => (await storedJson(fixture)).nodes[node]!.status === 'off-track');
    expect((await api('GET', `/snapshots/${next.json.id}`, 'viewer')).json.document.nodes[node]).toMatchObject({ title: 'Grow', status: 'at-risk' });
    expect((await api('GET', `/snapshots/${taken.json.id}`, 'viewer')).json.document.nodes[node]).toMatchObject({ status: 'not-started' });
  });

  it('[U87] counts a label and a name in the characters a person sees, as a node title is counted: 200 skin-toned hands label a snapshot, 201 are refused', async () => {
    const hands = (count: number) => '👍🏽'.repeat(count);
    const taken = await api('POST', '/snapshots', 'facilitator', { label: hands(200), by: hands(100) });
    expect(taken.status).toBe(201);
    expect(taken.json).toMatchObject({ label: hands(200), by: `${hands(100)} (guest)` });
    const refused = await api('POST', '/snapshots', 'facilitator', { label: hands(201) });
    expect(refused.json).toEqual({ error: { code: 'invalid_body', message: 'label: the label may have at most 200 characters; this one has 201' } });
    expect((await api('POST', '/snapshots', 'facilitator', { label: 'Named', by: hands(101) })).json.error.message).toBe('by: the name may have at most 100 characters; this one has 101');
  });

  it('[M23] a snapshot taken on request reaches every connected copy as a mark, and is listed by the time the mark arrives', async () => {
    const viewer = await fixture.connect('viewer');
    const listedOnArrival = listedWhenMarked(viewer.doc.getMap('meta'), () => lastSnapshotId(viewer.doc) !== null);
    const taken = await api('POST', '/snapshots', 'facilitator', { label: 'Mid-review' });
    expect(taken.status).toBe(201);
    await waitFor('the mark to reach a viewer', async () => lastSnapshotId(viewer.doc) === taken.json.id);
    expect((await listedOnArrival).map((snapshot) => snapshot.id)).toEqual([taken.json.id]);
    const next = await api('POST', '/snapshots', 'facilitator', { label: 'Later' });
    await waitFor('the next mark', async () => lastSnapshotId(viewer.doc) === next.json.id);
  });

  it('[U104][M2] a meeting\'s end names its snapshot in the meeting, whatever clock started it: every copy reads the id once the snapshot is listed, and two facilitators ending at once leave one', async () => {
    const [ana, ben, viewer] = [await fixture.connect('facilitator'), await fixture.connect('facilitator'), await fixture.connect('viewer')];
    const endSnapshotOf = (doc: typeof viewer.doc) => readMeeting(doc).endSnapshot;
    const listedOnArrival = listedWhenMarked(viewer.doc.getMap('meeting'), () => endSnapshotOf(viewer.doc) !== null);
    // Started on a screen whose clock is a day ahead: no snapshot is taken "after" that start.
    unwrap(startMeeting(ana.doc, { by: 'Ana', now: new Date(Date.now() + 86_400_000) }));
    await waitFor('the start to reach Ben', async () => readMeeting(ben.doc).status === 'running');
    // Ended on both screens in one turn, neither having heard of the other's end.
    unwrap(endMeeting(ana.doc, { by: 'Ana', now: new Date() }));
    unwrap(endMeeting(ben.doc, { by: 'Ben', now: new Date() }));
    for (const client of [viewer, ana, ben]) await waitFor('the id on every copy', async () => endSnapshotOf(client.doc) !== null);
    const listed = await listedOnArrival;
    expect(listed.map((snapshot) => snapshot.kind)).toEqual(['meeting-end']);
    const startedAt = readMeeting(ana.doc).startedAt;
    for (const client of [ana, ben]) expect(endSnapshotOf(client.doc)).toEqual({ id: listed[0]!.id, startedAt });
    expect(endSnapshotOf(viewer.doc)).toEqual({ id: listed[0]!.id, startedAt });
    expect((await api('GET', '/snapshots', 'viewer')).json.snapshots).toHaveLength(1);
  });

  it('[M1][M22] bad labels, unknown snapshots and callers who are not facilitators are refused in words, and nothing is stored', async () => {
    for (const body of [{ label: '' }, { label: 'x'.repeat(201) }, {}, 'not an object']) {
      const answer = await api('POST', '/snapshots', 'facilitator', body);
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe('invalid_body');
    }
    // [M22] Each says what is wrong in words, naming the field, never in zod's.
    const said = async (body: unknown) => (await api('POST', '/snapshots', 'facilitator', body)).json;
    expect(await said({ label: 'x'.repeat(201) })).toEqual({ error: { code: 'invalid_body', message: 'label: the label may have at most 200 characters; this one has 201' } });
    expect((await said({})).error.message).toBe('label: the label is missing');
    expect((await said({ label: 42 })).error.message).toBe('label: the label must be text');
    expect((await said('not an object')).error.message).toBe('body: the body must be an object');
    expect((await api('POST', '/snapshots', 'editor', { label: 'Mine' })).status).toBe(403);
    expect((await api('POST', '/snapshots', 'viewer', { label: 'Mine' })).status).toBe(403);
    expect((await call(fixture.server.url, 'POST', `/api/workspaces/${fixture.workspace.id}/snapshots`, null, { label: 'Mine' })).status).toBe(401);
    expect((await api('GET', '/snapshots/s_nothing', 'viewer')).json.error.code).toBe('snapshot_not_found');
    expect((await api('GET', '/snapshots', 'viewer')).json.snapshots).toEqual([]);
  });

  it('[M5][M6] the minutes of a meeting that ended on an earlier day are headed and saved under that day, not the day they are downloaded', async () => {
    const client = await fixture.connect('facilitator');
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date(twoDaysAgo) }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date(twoDaysAgo + 3_600_000) }));
    await waitFor('the ended meeting to be stored', async () => (await storedJson(fixture)).meeting?.status === 'ended');
    const endedOn = new Date(twoDaysAgo + 3_600_000).toISOString().slice(0, 10);
    const md = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/export?format=md`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } });
    expect(md.headers.get('content-disposition')).toBe(
      `attachment; filename="workspace-${fixture.workspace.id}-minutes-${endedOn}.md"; filename*=UTF-8''Test%20review%20minutes%20${endedOn}.md`,
    );
    // Headed in words, as every screen writes dates; the file's name keeps the sortable day.
    expect(await md.text()).toMatch(new RegExp(`^# Test review: minutes of ${formatDate(twoDaysAgo + 3_600_000)}\\n`));
  });

  it('[M2][M3] ending a meeting snapshots it with the date; changes since it list what moved, field by field', async () => {
    const client = await fixture.connect('facilitator');
    const node = unwrap(createNode(client.doc, { kind: 'objective', title: 'Grow', order: keyBetween(null, null), owner: 'Ana' }));
    const item = unwrap(createAgendaItem(client.doc, { title: 'Hiring' }));
    unwrap(addAction(client.doc, item, { text: 'Post the job', owner: 'Ana', due: day(7) }));
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting snapshot', async () => (await api('GET', '/snapshots', 'viewer')).json.snapshots.length === 1);
    const [ended] = (await api('GET', '/snapshots', 'viewer')).json.snapshots as Snapshot[];
    // The day in words, as every screen writes dates, not "2026-12-07" above "7 Dec 2026, 07:45".
    expect(ended).toMatchObject({ label: dayInWords(new Date().toISOString().slice(0, 10)), by: null, kind: 'meeting-end' });
    expect((await api('GET', `/snapshots/${ended!.id}`, 'viewer')).json.document.meeting.status).toBe('ended');

    unwrap(updateNode(client.doc, node, { status: 'off-track', owner: 'Bo' }));
    const added = unwrap(createNode(client.doc, { kind: 'objective', title: 'Keep', order: keyBetween(null, null) }));
    const [action] = (await storedJson(fixture)).agenda[item]!.actions;
    unwrap(updateAction(client.doc, item, action!.id, { done: true }));
    await waitFor('the edits to be stored', async () => (await storedJson(fixture)).nodes[added] !== undefined);
    await waitFor('the action to be done', async () => (await storedJson(fixture)).agenda[item]!.actions[0]!.done);

    const changes = await api('GET', `/changes?since=${ended!.id}`, 'viewer');
    expect(changes.status).toBe(200);
    expect(changes.json.since.id).toBe(ended!.id);
    expect(changes.json.changes.nodes.changed).toEqual([{ id: node, title: 'Grow', fields: { status: ['not-started', 'off-track'], owner: ['Ana', 'Bo'] } }]);
    expect(changes.json.changes.nodes.added).toEqual([{ id: added, title: 'Keep', kind: 'objective' }]);
    expect(changes.json.changes.actions.done).toEqual([expect.objectContaining({ text: 'Post the job', item: { id: item, title: 'Hiring' } })]);
    // Asked again with nothing changed, the same answer (every meeting screen asks, M15, and the
    // server works it out once); a change after it is in the next answer, not a stale one.
    expect((await api('GET', `/changes?since=${ended!.id}`, 'viewer')).json.changes).toEqual(changes.json.changes);
    unwrap(updateNode(client.doc, node, { due: day(3) }));
    await waitFor('the due date to be stored', async () => (await storedJson(fixture)).nodes[node]!.due === day(3));
    const now = await api('GET', `/changes?since=${ended!.id}`, 'viewer');
    expect(now.json.changes.nodes.changed).toEqual([{ id: node, title: 'Grow', fields: { status: ['not-started', 'off-track'], owner: ['Ana', 'Bo'], due: [null, day(3)] } }]);

    const later = await api('POST', '/snapshots', 'facilitator', { label: 'Later' });
    const between = await api('GET', `/changes?since=${ended!.id}&until=${later.json.id}`, 'viewer');
    expect(between.json.changes).toEqual(now.json.changes);
    expect((await api('GET', '/changes', 'viewer')).json.error.code).toBe('invalid_query');
    expect((await api('GET', '/changes?since=s_nothing', 'viewer')).status).toBe(404);
    expect((await api('GET', `/changes?since=${ended!.id}&until=s_nothing`, 'viewer')).status).toBe(404);
  });

  it('[M4] lists every action with its item; open=true leaves done ones out; carried over = held before the last meeting started', async () => {
    const client = await fixture.connect('facilitator');
    const item = unwrap(createAgendaItem(client.doc, { title: 'Hiring' }));
    unwrap(addAction(client.doc, item, { text: 'Old one', owner: 'Ana', due: day(3) }));
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    unwrap(endMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting snapshot', async () => (await api('GET', '/snapshots', 'viewer')).json.snapshots.length === 1);
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date(Date.now() + 1000) }));
    unwrap(addAction(client.doc, item, { text: 'New one', owner: 'Bo' }));
    const done = unwrap(addAction(client.doc, item, { text: 'Done one' }));
    unwrap(updateAction(client.doc, item, done, { done: true }));
    await waitFor('the actions to be stored', async () => (await storedJson(fixture)).agenda[item]!.actions.length === 3);

    const open = await api('GET', '/actions?open=true', 'viewer');
    expect(open.status).toBe(200);
    expect(open.json.actions).toEqual([
      expect.objectContaining({ text: 'Old one', owner: 'Ana', due: day(3), done: false, item: { id: item, title: 'Hiring' }, carriedOver: true }),
      expect.objectContaining({ text: 'New one', owner: 'Bo', due: null, done: false, carriedOver: false }),
    ]);
    expect((await api('GET', '/actions', 'viewer')).json.actions).toHaveLength(3);
    expect((await api('GET', '/actions?owner=Bo', 'viewer')).json.actions).toHaveLength(1);
    expect((await api('GET', '/actions?open=maybe', 'viewer')).status).toBe(400);
  });

  it('[M5][M6][H18] exports the document as JSON, the readings as RFC 4180 CSV and the minutes as Markdown', async () => {
    const client = await fixture.connect('facilitator');
    const kpi = await addKpi(fixture, client, 'Revenue, "net"');
    const imported = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'text/csv' },
      body: `${kpi},${day(-1)},101,"the ""big"" sheet"\n`,
    });
    expect(imported.status).toBe(200);
    const csv = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/export?format=csv`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(`kpi_id,kpi_name,at,value,source\r\n${kpi},"Revenue, ""net""",${day(-1)},101,"the ""big"" sheet"\r\n`);
    const json = await (await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/export?format=json`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } })).json();
    expect((json as any).kpis[kpi].readings).toHaveLength(1);

    const item = unwrap(createAgendaItem(client.doc, { title: 'Hiring' }));
    unwrap(addAction(client.doc, item, { text: 'Post the job', owner: 'Ana', due: day(7) }));
    unwrap(startMeeting(client.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting to be stored', async () => (await storedJson(fixture)).meeting?.status === 'running');
    const md = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/export?format=md`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } });
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    // Saved under the review's title, what it is and the day, with an ASCII name beside it.
    expect(md.headers.get('content-disposition')).toBe(
      `attachment; filename="workspace-${fixture.workspace.id}-minutes-${day(0)}.md"; filename*=UTF-8''Test%20review%20minutes%20${day(0)}.md`,
    );
    const minutes = await md.text();
    expect(minutes).toMatch(/^# Test review: minutes of \d{1,2} [A-Z][a-z]{2} \d{4}\n/);
    expect(minutes).toContain('## Attended\n\n- Fran');
    expect((await api('GET', '/export?format=pdf', 'viewer')).status).toBe(400);
    // [H18] A parameter given twice is refused by name, not read as its first value.
    const twice = await api('GET', '/export?format=csv&format=md', 'viewer');
    expect(twice.status).toBe(400);
    expect(twice.json.error).toEqual({ code: 'invalid_query', message: 'format: given 2 times; give it once' });
  });

  it('[M7][M8] imports valid rows in one change, answers each refused row with its line and reason, and runs the rules once', async () => {
    const client = await fixture.connect('editor');
    const kpi = await addKpi(fixture, client, 'Uptime');
    const send = (body: string, role: 'facilitator' | 'editor' | 'viewer' = 'editor', type = 'text/csv') =>
      fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.workspace.tokens[role]}`, 'content-type': type },
        body,
      });
    const csv = [
      'kpi,at,value,source',
      `Uptime,${day(-3)},100`,
      `${kpi},${day(-2)},80,probe`,
      `Downtime,${day(-1)},1`,
      `Uptime,${day(-1)},lots`,
      `Uptime,yesterday,1`,
      `Uptime,${day(-3)},99`,
      `Uptime,${day(-1)}`,
    ].join('\n');
    const before = (await storedJson(fixture)).log.length;
    const answer = await send(csv);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { imported: number; refused: { line: number; reason: string }[]; mode: string };
    expect(body.imported).toBe(2);
    expect(body.refused.map((row) => row.line)).toEqual([4, 5, 6, 7, 8]);
    expect(body.refused[0]!.reason).toMatch(/no KPI .*Downtime/);
    expect(body.refused[1]!.reason).toMatch(/not a finite number/);
    expect(body.refused[2]!.reason).toMatch(/not a date/);
    expect(body.refused[3]!.reason).toMatch(/earlier row/);
    expect(body.refused[4]!.reason).toMatch(/columns/);
    expect(body.mode).toBe('triage');
    const stored = await storedJson(fixture);
    expect(stored.kpis[kpi]!.readings.map((reading) => reading.value)).toEqual([100, 80]);
    expect(stored.log.length - before).toBe(1);

    const again = (await (await send(`Uptime,${day(-3)},100`)).json()) as { imported: number; refused: { reason: string }[] };
    expect(again.imported).toBe(0);
    expect(again.refused[0]!.reason).toMatch(/already has a reading/);
    expect((await send('Uptime,2020-01-01,1', 'viewer')).status).toBe(403);
    expect((await send('{"kpi":1}', 'editor', 'application/json')).status).toBe(415);
    expect((await send('  ')).status).toBe(400);
    const huge = await send(`Uptime,${day(-1)},1\n`.repeat(80_000));
    expect(huge.status).toBe(413);
    expect((await storedJson(fixture)).kpis[kpi]!.readings).toHaveLength(2);
  });

  it('[M7][H1] rows for a KPI whose readings a client replaced with something else are refused by line, and every other row lands', async () => {
    const client = await fixture.connect('editor');
    const first = await addKpi(fixture, client, 'Signups');
    const broken = await addKpi(fixture, client, 'Activation');
    const last = await addKpi(fixture, client, 'Retention');
    (client.doc.getMap('kpis').get(broken) as Y.Map<unknown>).set('readings', 'not a list');
    await waitFor('the broken list to reach the server', async () => !Array.isArray((await storedJson(fixture)).kpis[broken]!.readings));
    const csv = ['kpi,at,value', `Signups,${day(-2)},101`, `Activation,${day(-2)},102`, `Retention,${day(-2)},103`].join('\n');
    const answer = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'text/csv' },
      body: csv,
    });
    // It was a 409 about the broken KPI alone, with the rows before it stored all the same.
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      imported: 2,
      refused: [{ line: 3, reason: 'The KPI "Activation" has no list of readings to add to: something else is stored in its place.' }],
      mode: expect.any(String),
    });
    const stored = await storedJson(fixture);
    expect(stored.kpis[first]!.readings.map((reading) => reading.value)).toEqual([101]);
    expect(stored.kpis[last]!.readings.map((reading) => reading.value)).toEqual([103]);
  });

  it('[M5][M7] the readings export imports as it is, a name a spreadsheet would run as a formula written as text', async () => {
    const client = await fixture.connect('editor');
    const kpi = await addKpi(fixture, client, '=HYPERLINK("http://evil")');
    const send = (body: string) =>
      fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'text/csv' },
        body,
      }).then(async (answer) => (await answer.json()) as { imported: number; refused: { line: number; reason: string }[] });
    expect((await send(`${kpi},${day(-2)},-3,@sheet\n`)).imported).toBe(1);
    const exported = await (await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/export?format=csv`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } })).text();
    expect(exported).toBe(`kpi_id,kpi_name,at,value,source\r\n${kpi},"'=HYPERLINK(""http://evil"")",${day(-2)},-3,'@sheet\r\n`);
    // Read back column by column: the row is the reading stored already, not a malformed one.
    expect(await send(exported)).toEqual({ imported: 0, refused: [{ line: 2, reason: expect.stringMatching(/already has a reading/) }], mode: expect.any(String) });
  });

  it('[M7][H18] reads a CSV in the charset its byte order mark announces, else the one its Content-Type names; an unknown charset or a compressed body is 415', async () => {
    const client = await fixture.connect('editor');
    const kpi = await addKpi(fixture, client, 'Umsätze');
    const send = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
      fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, ...headers },
        body,
      }).then(async (answer) => ({ status: answer.status, body: (await answer.json()) as { imported?: number; refused?: unknown[] } }));
    // "Umsätze" as Windows-1252 writes it: ä is the one byte 0xE4.
    const latin = Uint8Array.from(`Umsätze,${day(-3)},1\n`, (char) => char.charCodeAt(0));
    expect((await send(latin, { 'content-type': 'text/csv; charset=windows-1252' })).body).toMatchObject({ imported: 1, refused: [] });
    // A UTF-8 file with its byte order mark, mislabelled: the mark wins, as in a browser.
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`kpi,at,value\nUmsätze,${day(-2)},2\n`)]);
    expect((await send(utf8, { 'content-type': 'text/csv; charset=windows-1252' })).body).toMatchObject({ imported: 1, refused: [] });
    // Excel's "Unicode text": UTF-16LE after its mark, with no charset named (an empty one is none).
    const text = `Umsätze,${day(-1)},3\n`;
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + i * 2);
    expect((await send(utf16, { 'content-type': 'text/csv; charset=' })).body).toMatchObject({ imported: 1, refused: [] });
    for (const headers of [{ 'content-type': 'text/csv; charset=klingon' }, { 'content-type': 'text/csv', 'content-encoding': 'gzip' }] as Record<string, string>[]) {
      expect((await send(latin, headers)).status, JSON.stringify(headers)).toBe(415);
    }
    expect((await storedJson(fixture)).kpis[kpi]!.readings.map((reading) => reading.value)).toEqual([1, 2, 3]);
  });

  it('[M7] a file imported twice adds nothing the second time, readings on one day at several instants included', async () => {
    const client = await fixture.connect('editor');
    const kpi = await addKpi(fixture, client, 'Tickets');
    const csv = [`Tickets,${day(-2)}T09:00:00Z,1`, `Tickets,${day(-2)}T10:00:00Z,2`, `Tickets,${day(-1)},3`].join('\n');
    const send = async () =>
      (await (
        await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fixture.workspace.tokens.editor}`, 'content-type': 'text/csv' },
          body: csv,
        })
      ).json()) as { imported: number; refused: { line: number; reason: string }[] };
    expect((await send()).imported).toBe(3);
    const again = await send();
    expect(again.imported).toBe(0);
    expect(again.refused.map((row) => row.line)).toEqual([1, 2, 3]);
    expect(again.refused.every((row) => /already has a reading/.test(row.reason))).toBe(true);
    expect((await storedJson(fixture)).kpis[kpi]!.readings.map((reading) => reading.value)).toEqual([1, 2, 3]);
  });
});
