import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { writeAwarenessUpdate } from '../../../server/protocol/awareness-update';
import { writeAwareness, writeSyncStep1, writeSyncStep2, writeUpdate } from '../../../server/protocol/messages';
import { seededRandom, testSeed } from '../../support/random';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { spawnServer, type ChildServer } from '../support/child-server';
import { createWorkspace, tempDataDir, type CreatedWorkspace } from '../support/test-server';
import { replaceField, updateFields, varString, varUint } from '../support/update-fields';

/** About 5 s on two cores; FUZZ_FRAMES=20000 to hunt. */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 1500);

type Random = () => number;
const oneOf = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

/** Updates of every content kind Yjs has, from one writer into maps, arrays, text, XML and a subdocument. */
function richUpdates(random: Random): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const node = new Y.Map<unknown>();
  doc.getMap('nodes').set('n1', node);
  node.set('title', 'Grow revenue');
  node.set('owner', null);
  node.set('progress', 0.5);
  node.set('tags', ['a', { b: [1, 2] }]);
  node.set('blob', Uint8Array.of(1, 2, 3));
  const text = doc.getText('notes');
  text.insert(0, 'hello world');
  text.format(0, 5, { bold: true });
  text.insertEmbed(5, { image: 'x' });
  text.delete(2, 3);
  const log = doc.getArray('log');
  log.push([{ at: 'now', what: 'x' }, 42, 'str', true]);
  log.delete(1, 1);
  log.insert(0, [new Y.Map(), new Y.Array(), new Y.Text('inner')]);
  const element = new Y.XmlElement('p');
  element.setAttribute('class', 'c');
  element.insert(0, [new Y.XmlText('para')]);
  doc.getXmlFragment('xml').insert(0, [element]);
  doc.getMap('sub').set('doc', new Y.Doc());
  doc.getMap('nodes').delete('n1');
  for (let i = 0; i < 10; i++) doc.getMap('kpis').set(`k${Math.floor(random() * 5)}`, random());
  updates.push(Y.encodeStateAsUpdate(doc));
  return updates;
}

/** Edits a replica of `doc` makes to the workspace's own maps, on top of what the server wrote there. */
function workspaceEdits(doc: Y.Doc, random: Random): Uint8Array[] {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  replica.on('update', (update: Uint8Array) => updates.push(update));
  replica.getMap('meta').set('title', 'Renamed');
  replica.getMap('meta').set('mode', 'triage');
  replica.getMap('meeting').set('status', 'running');
  replica.getMap('meeting').delete('timer');
  const item = new Y.Map<unknown>();
  replica.getMap('agenda').set(`a${Math.floor(random() * 1000)}`, item);
  item.set('title', 'Slipped KPI');
  item.set('votes', new Y.Map());
  replica.getArray('log').push([{ at: new Date(0).toISOString(), kind: 'note' }]);
  replica.destroy();
  return updates;
}

/** Noise: one to three bytes changed, cut, inserted or repeated anywhere. */
function garble(bytes: Uint8Array, random: Random): Uint8Array {
  let out = Array.from(bytes);
  const at = () => Math.floor(random() * Math.max(1, out.length));
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const i = at();
    switch (Math.floor(random() * 6)) {
      case 0:
        out[i] = Math.floor(random() * 256);
        break;
      case 1:
        out[i] = (out[i] ?? 0) ^ (1 << Math.floor(random() * 8));
        break;
      case 2:
        out = out.slice(0, i);
        break;
      case 3:
        out.splice(i, 0, ...[0xff, 0xff, 0xff, 0xff, 0x0f].slice(0, 1 + Math.floor(random() * 5)));
        break;
      case 4:
        out.splice(i, 1 + Math.floor(random() * 4));
        break;
      default:
        out.splice(i, 0, ...out.slice(at(), at()));
    }
  }
  return Uint8Array.from(out);
}

/** Lies: one to three fields of a real update replaced by values that keep its framing. */
function lie(update: Uint8Array, random: Random, clients: readonly number[]): Uint8Array {
  let out = update;
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const field = oneOf(random, updateFields(out));
    const was = field.end - field.start === 1 ? out[field.start]! : 0;
    const near = [0, 1, was + 1, Math.max(0, was - 1)];
    const bytes = {
      count: () => varUint(oneOf(random, [...near, 2 ** 20, 2 ** 31 - 1, 2 ** 40])),
      length: () => varUint(oneOf(random, [...near, 2 ** 20, 2 ** 31 - 1, 2 ** 40])),
      client: () => varUint(oneOf(random, [...clients, 0, 1, 2 ** 32 - 1, 2 ** 53 - 1, Math.floor(random() * 2 ** 32)])),
      clock: () => varUint(oneOf(random, [...near, 2 ** 31, Math.floor(random() * 100)])),
      info: () => Uint8Array.of(oneOf(random, [(was & 0xe0) | Math.floor(random() * 11), was ^ (1 << Math.floor(random() * 8)), Math.floor(random() * 256)])),
      name: () => varString(oneOf(random, ['nodes', 'meta', 'meeting', 'agenda', 'kpis', 'deps', 'rules', 'log', '', '\u0000'])),
      key: () => varString(oneOf(random, ['schema', 'title', 'mode', 'status', 'kind', 'parent', '', 'x'.repeat(300)])),
      typeRef: () => varUint(Math.floor(random() * 9)),
      json: () => varString(oneOf(random, ['{', 'null', '"x"', '1e999', '[[[[', '{"a":', '\ud800'])),
      any: () => Uint8Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * 256)),
    }[field.kind]();
    out = replaceField(out, field, bytes);
    try {
      updateFields(out);
    } catch {
      break; // no longer framed as an update: sent as it is
    }
  }
  return out;
}

/** One hostile frame: a sync update, step 2, step 1 or presence, garbled, lied in or as it was. */
function hostileFrame(random: Random, updates: readonly Uint8Array[], clients: readonly number[]): Uint8Array {
  const kind = Math.floor(random() * 5);
  const roll = random();
  if (kind === 3) {
    const stateVector = Y.encodeStateVectorFromUpdate(oneOf(random, updates));
    return writeSyncStep1(roll < 0.85 ? garble(stateVector, random) : stateVector);
  }
  if (kind === 4) {
    const presence = writeAwarenessUpdate([{ clientId: oneOf(random, clients), clock: 1, state: JSON.stringify({ user: { name: 'x' } }) }]);
    return writeAwareness(roll < 0.85 ? garble(presence, random) : presence);
  }
  const update = oneOf(random, updates);
  const payload = roll < 0.6 ? lie(update, random, clients) : roll < 0.85 ? garble(update, random) : update;
  return kind === 2 ? writeSyncStep2(payload) : writeUpdate(payload);
}

/**
 * What a document holds, root by root, read from its items whatever kind each root was made as
 * (toJSON reads a root only as the type it was first asked for, and skips roots of none): the
 * live values in list order and the live value of each key, nested types read the same way.
 * Roots that hold nothing live are left out: a root named only by content since deleted may
 * exist in one replica and not in another.
 */
function documentContent(doc: Y.Doc): Record<string, unknown> {
  const valueOf = (value: unknown): unknown => (value instanceof Y.AbstractType ? contentOf(value) : value instanceof Y.Doc ? `doc ${value.guid}` : value);
  const contentOf = (type: Y.AbstractType<any>) => {
    const list: unknown[] = [];
    for (let item = type._start; item !== null; item = item.right) if (!item.deleted) list.push(...item.content.getContent().map(valueOf));
    const map: Record<string, unknown> = {};
    for (const [key, item] of type._map) if (!item.deleted) map[key] = valueOf(item.content.getContent().at(-1));
    return { list, map };
  };
  const roots: Record<string, unknown> = {};
  for (const [name, type] of doc.share) {
    const content = contentOf(type);
    if (content.list.length > 0 || Object.keys(content.map).length > 0) roots[name] = content;
  }
  return roots;
}

describe('hostile frames', () => {
  let server: ChildServer;
  let dataDir: string;
  let workspace: CreatedWorkspace;
  let member: Client;
  const opened: Client[] = [];
  // Every fuzzing socket the server closed lingers until the close grace ends (H8).
  const env = { THROUGHLINE_MAX_CONNECTIONS_PER_WORKSPACE: '5000', THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS: '5000' };
  const wsUrl = () => `${server.url.replace('http', 'ws')}/ws`;
  const join = async () => {
    const client = await connectSynced(wsUrl(), workspace.id, workspace.tokens.editor);
    opened.push(client);
    return client;
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    server = await spawnServer(dataDir, 0, env);
    workspace = await createWorkspace(server.url);
    member = await join();
    // A first edit makes the member's client id its own (H12): forged frames with it are refused.
    member.doc.getMap('items').set('first', true);
    const watcher = await join();
    await waitFor('the member’s first edit', () => watcher.doc.getMap('items').get('first') === true);
  });
  afterAll(async () => {
    for (const client of opened) client.destroy();
    server.process.kill('SIGKILL');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends `frame` on an open socket and resolves whether the socket is still open after it. */
  async function survives(socket: WebSocket, frame: Uint8Array): Promise<boolean> {
    // A sync step 1 after the frame is answered only if the frame left the socket open; a closing
    // socket is seen at its close frame, not a second later when the grace ends its TCP connection.
    const probe = writeSyncStep1(Y.encodeStateVector(new Y.Doc()));
    const outcome = new Promise<boolean>((resolve) => {
      const closing = setInterval(() => socket.readyState !== WebSocket.OPEN && done(false), 2);
      const answered = (data: Buffer) => data[0] === 0 && data[1] === 1 && done(true);
      const done = (open: boolean) => {
        clearInterval(closing);
        socket.off('message', answered);
        resolve(open);
      };
      socket.on('message', answered);
    });
    socket.send(frame);
    socket.send(probe);
    return outcome;
  }

  async function openSocket(closes: Map<number, number>): Promise<WebSocket> {
    const socket = new WebSocket(`${wsUrl()}/${workspace.id}?token=${workspace.tokens.editor}`);
    socket.on('error', () => {});
    socket.on('close', (code) => closes.set(code, (closes.get(code) ?? 0) + 1));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('close', (code) => reject(new Error(`a fuzzing socket was refused (${code})`)));
    });
    // The first sync step 1 goes unanswered: the whole state came with the join (L7).
    socket.send(writeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    return socket;
  }

  it(`[H16] ${FRAMES} seeded hostile frames close only their senders: the room's member, editing throughout, stays connected, the server up, and a newcomer, before and after a SIGKILL restart, holds exactly what the member holds`, { timeout: 120_000 }, async () => {
    const seed = testSeed('hostile frames');
    const random = seededRandom(seed);
    const updates = [...richUpdates(random), ...workspaceEdits(member.doc, random)];
    // The writers of those updates, the server's own id, and the member's, whose next clocks a
    // forger would write or delete first (H12).
    const clients = [...new Set(updates.flatMap((update) => [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()]))];
    clients.push(member.doc.clientID);
    let memberDropped = 0;
    member.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && memberDropped++);

    const closes = new Map<number, number>();
    let socket = await openSocket(closes);
    // The member goes on editing throughout, as someone in the review would.
    const edits = member.doc.getMap('edits');
    for (let i = 0; i < FRAMES; i++) {
      if (i % 50 === 0) edits.set(`e${i}`, i);
      if (!(await survives(socket, hostileFrame(random, updates, clients)))) socket = await openSocket(closes);
    }
    socket.close();

    expect(server.process.exitCode).toBeNull();
    expect(memberDropped).toBe(0);
    // The fuzz did both: frames refused as malformed, and hostile but well-formed content let in.
    expect(closes.get(1007) ?? 0).toBeGreaterThan(0);
    expect(Y.decodeStateVector(Y.encodeStateVector(member.doc)).size).toBeGreaterThan(1);

    const word = `after fuzz ${seed}`;
    member.doc.getMap('items').set('word', word);
    const newcomer = await join();
    await waitFor('the newcomer to get the member’s edit', () => newcomer.doc.getMap('items').get('word') === word);
    // Hostile deletions of the member's edits are edits like any other, and reach the member too.
    expect(newcomer.doc.getMap('edits').toJSON()).toEqual(edits.toJSON());
    expect(Y.equalSnapshots(Y.snapshot(newcomer.doc), Y.snapshot(member.doc))).toBe(true);
    expect(documentContent(newcomer.doc)).toEqual(documentContent(member.doc));

    server.process.kill('SIGKILL');
    await server.exited;
    server = await spawnServer(dataDir, 0, env);
    const afterRestart = await join();
    expect(afterRestart.doc.getMap('items').get('word')).toBe(word);
    expect(afterRestart.doc.getMap('edits').toJSON()).toEqual(edits.toJSON());
    expect(Y.equalSnapshots(Y.snapshot(afterRestart.doc), Y.snapshot(member.doc))).toBe(true);
    expect(documentContent(afterRestart.doc)).toEqual(documentContent(member.doc));
  });
});
