import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import type { LogEntry } from '../../../shared/schema/types';
import { createDatabase } from '../../../scripts/local-services';
import { PostgresStore } from '../../../server/storage/postgres-store';
import pg from 'pg';
import { spawnServer, type ChildServer } from '../support/child-server';
import { call, connectWithCookie, invite, nextClose, sessionCookie } from '../support/people';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { seededRandom, testSeed } from '../../support/random';
import { ADMIN_TOKEN, tempDataDir } from '../support/test-server';

/**
 * Three nodes as `npm start` runs them, sharing one PostgreSQL database and one Redis (the run's,
 * from services-setup.ts), each client on a node of its own (SPEC N5–N9).
 */
describe('three nodes behind one database and one Redis', () => {
  let env: Record<string, string>;
  const dataDir = tempDataDir();
  const nodes: ChildServer[] = [];
  const clients: Client[] = [];
  let workspace: { id: string; tokens: { facilitator: string; editor: string; viewer: string } };

  const wsUrl = (node: ChildServer) => `${node.url.replace('http', 'ws')}/ws`;
  const connect = async (node: ChildServer, doc?: Y.Doc, role: 'facilitator' | 'editor' = 'editor') => {
    const client = await connectSynced(wsUrl(node), workspace.id, workspace.tokens[role], doc);
    clients.push(client);
    return client;
  };
  const text = (client: Client) => client.doc.getText('notes').toString();

  /**
   * Drops the Redis subscriptions of `which` nodes, found by the name each node gives its
   * connection: the run's Redis serves other test files at the same time, whose own must stay.
   */
  const dropSubscriptions = async (redis: Redis, which: ChildServer[]) => {
    const clients = ((await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string).split('\n');
    for (const node of which) {
      const listener = clients.find((line) => line.includes(`:${node.process.pid}:listen `));
      await redis.client('KILL', 'ID', /\bid=(\d+)/.exec(listener!)![1]!);
    }
  };

  /** A member invited through the first node, connected to the second; `closed` is how their socket closes. */
  const inviteOnSecondNode = async (name: string) => {
    const invited = await fetch(`${nodes[0]!.url}/api/workspaces/${workspace.id}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workspace.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, role: 'editor' }),
    });
    const { member, token } = (await invited.json()) as { member: { id: string }; token: string };
    const socket = new WebSocket(`${wsUrl(nodes[1]!)}/${workspace.id}?token=${token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<[number, string]>((resolve) => socket.once('close', (code, reason) => resolve([code, reason.toString()])));
    return { member, closed };
  };
  const removeOnFirstNode = (member: string) =>
    fetch(`${nodes[0]!.url}/api/workspaces/${workspace.id}/members/${member}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${workspace.tokens.facilitator}` },
    });

  beforeAll(async () => {
    env = { DATABASE_URL: await createDatabase(inject('postgresUrl')), REDIS_URL: inject('redisUrl') };
    // The first node makes the link key in the shared data directory; the others read it.
    nodes.push(await spawnServer(dataDir, 0, env));
    nodes.push(...(await Promise.all([spawnServer(dataDir, 0, env), spawnServer(dataDir, 0, env)])));
    const response = await fetch(`${nodes[0]!.url}/api/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Cluster review', template: 'blank' }),
    });
    workspace = (await response.json()) as typeof workspace;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const node of nodes) node.process.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[N5] edits made through different nodes converge on every node', async () => {
    const [a, b, c] = await Promise.all(nodes.map((node) => connect(node)));
    a!.doc.getText('notes').insert(0, 'alpha ');
    b!.doc.getText('notes').insert(0, 'beta ');
    c!.doc.getText('notes').insert(0, 'gamma ');
    await waitFor('all three edits on every node', () => [a!, b!, c!].every((client) => ['alpha', 'beta', 'gamma'].every((word) => text(client).includes(word))));
    expect(text(b!)).toBe(text(a!));
    expect(text(c!)).toBe(text(a!));
  });

  it('[N5] [N7] writers on every node typing at once converge on every client', async () => {
    const random = seededRandom(testSeed('three-node typing'));
    const writers = await Promise.all(nodes.map((node) => connect(node)));
    const watchers = await Promise.all(nodes.map((node) => connect(node)));
    const words: string[] = [];
    // Each writer types 120 words at random places, a few milliseconds apart (seeded), the three
    // nodes committing into one log at once: a node may hear a batch before one it follows and
    // keep it until that comes (N7), though nothing here makes sure one does (gap-wait.test.ts and
    // stored-elsewhere.test.ts open such gaps on purpose). What this guards is convergence: nothing
    // lost or applied twice, on every client of every node.
    await Promise.all(
      writers.map(async (writer, w) => {
        const typed = writer.doc.getText('typing');
        for (let k = 0; k < 120; k++) {
          const word = `w${w}k${k} `;
          words.push(word.trim());
          // At a word's edge, so no word is typed into another.
          const edges = [0, ...[...typed.toString().matchAll(/ /g)].map((space) => space.index + 1)];
          typed.insert(edges[Math.floor(random() * edges.length)]!, word);
          await new Promise((resolve) => setTimeout(resolve, random() * 4));
        }
      }),
    );
    const everyone = [...writers, ...watchers];
    const typedBy = (client: Client) => client.doc.getText('typing').toString();
    await waitFor('every word on every client', () => everyone.every((client) => words.every((word) => typedBy(client).includes(word))));
    for (const client of everyone) expect(typedBy(client)).toBe(typedBy(writers[0]!));
    expect(typedBy(writers[0]!).split(' ').filter(Boolean).sort()).toEqual([...words].sort());
  });

  it('[N6] presence set on one node shows on the others, also to a client that arrives later', async () => {
    const here = await connect(nodes[0]!);
    const there = await connect(nodes[1]!);
    here.provider.awareness.setLocalStateField('focus', 'kpi-42');
    const sees = (client: Client) => [...client.provider.awareness.getStates().values()].some((state) => state.focus === 'kpi-42');
    await waitFor('the presence on the second node', () => sees(there));
    const later = await connect(nodes[2]!);
    await waitFor('the presence on a client that arrived after it was set', () => sees(later));
  });

  it('[N6] [M21] a meeting started on one node registers the people present on every node', async () => {
    // Person 1 runs the meeting (A21).
    const people = await Promise.all(nodes.map((node, i) => connect(node, undefined, i === 0 ? 'facilitator' : 'editor')));
    people.forEach((client, i) => client.provider.awareness.setLocalState({ user: { name: `Person ${i + 1}` } }));
    const named = (client: Client) => [...client.provider.awareness.getStates().values()].filter((state) => /^Person /.test(state.user?.name)).length;
    await waitFor('everyone’s presence on every node', () => people.every((client) => named(client) === 3));
    unwrap(startMeeting(people[0]!.doc, { by: 'Person 1', now: new Date() }));
    const registeredOn = async (node: ChildServer) => {
      const response = await fetch(`${node.url}/api/workspaces/${workspace.id}`, { headers: { authorization: `Bearer ${workspace.tokens.viewer}` } });
      return Object.values(((await response.json()) as { attendance?: Record<string, { name: string }> }).attendance ?? {}).map((entry) => entry.name).sort();
    };
    for (const node of nodes) await waitFor('all three registered on every node', async () => (await registeredOn(node)).length === 3);
    expect(await registeredOn(nodes[2]!)).toEqual(['Person 1', 'Person 2', 'Person 3']);
  });

  it('[N8] readings posted to different nodes at once pivot the review once: one item, one log entry', async () => {
    const facilitator = await connect(nodes[0]!);
    const kpiId = unwrap(createKpi(facilitator.doc, { name: 'Gross margin', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Dana' }));
    const readingsOn = async (node: ChildServer) => {
      const response = await fetch(`${node.url}/api/workspaces/${workspace.id}`, { headers: { authorization: `Bearer ${workspace.tokens.viewer}` } });
      const json = (await response.json()) as { kpis: Record<string, { readings: unknown[] }> };
      return json.kpis[kpiId]?.readings.length;
    };
    for (const node of nodes) await waitFor('the KPI on every node', async () => (await readingsOn(node)) === 0);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const answers = await Promise.all(
      nodes.map((node, i) =>
        fetch(`${node.url}/api/workspaces/${workspace.id}/kpis/${kpiId}/readings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${workspace.tokens.editor}`, 'content-type': 'application/json' },
          body: JSON.stringify({ at: day(i - 2), value: 80, source: `node ${i + 1}` }),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    for (const node of nodes) await waitFor('all three readings on every node', async () => (await readingsOn(node)) === 3);
    await waitFor('the pivot on the facilitator’s screen', () => facilitator.doc.getMap('meta').get('mode') === 'triage');
    // Every node's own evaluation of its reading was stored before its answer (N5): a second
    // pivot, had any node written one, would be here by now.
    const stored = (await (await fetch(`${nodes[2]!.url}/api/workspaces/${workspace.id}`, { headers: { authorization: `Bearer ${workspace.tokens.viewer}` } })).json()) as {
      log: LogEntry[];
      agenda: Record<string, unknown>;
    };
    expect(stored.log.filter((entry) => entry.kind === 'pivot')).toHaveLength(1);
    expect(Object.keys(stored.agenda).filter((id) => id.startsWith('triage:'))).toEqual([`triage:kpi:${kpiId}`]);
  });

  it('[N7] a node that missed a message while its Redis connection was down reads it from the database, and listens on the workspace again', async () => {
    const writer = await connect(nodes[0]!);
    const watcher = await connect(nodes[1]!);
    const redis = new Redis(inject('redisUrl'));
    try {
      // Every node's subscription drops; what is published before they resubscribe reaches nobody.
      await dropSubscriptions(redis, nodes);
      writer.doc.getText('missed').insert(0, 'published to nobody');
      await waitFor('the missed edit on the other node', () => watcher.doc.getText('missed').toString() === 'published to nobody');
      // And every node holding the room listens on its channel again: what is stored next comes
      // through Redis, not from the database on the next check.
      const listeners = async () => Number(((await redis.pubsub('NUMSUB', `throughline:room:${workspace.id}`)) as [string, number])[1]);
      await waitFor('the three nodes to listen on the workspace again', async () => (await listeners()) === 3);
    } finally {
      redis.disconnect();
    }
  });

  it('[N12] removing a member through one node closes their connection on another with 4401 at once, saying they were removed', async () => {
    const { member, closed } = await inviteOnSecondNode('Grace');
    expect((await removeOnFirstNode(member.id)).status).toBe(200);
    // What Grace's screen says is the sentence a connection on the first node would read (A4).
    expect(await closed).toEqual([4401, 'Your access to this review was removed. Ask a facilitator of the review if you need it back.']);
  });

  it('[N12] [A17] a member given another role through one node has their connection on another closed with 4303 naming who did it', async () => {
    const maya = await invite(nodes[0]!.url, workspace.id, { token: workspace.tokens.facilitator }, { name: 'Maya Lindqvist', role: 'facilitator' });
    const { member, closed } = await inviteOnSecondNode('Jun');
    const changed = await call(nodes[0]!.url, 'PATCH', `/api/workspaces/${workspace.id}/members/${member.id}`, { token: maya.token }, { role: 'viewer' });
    expect(changed.status).toBe(200);
    expect(await closed).toEqual([4303, 'Maya Lindqvist made you a viewer of this review.']);
  });

  it('[N12] a member removed while another node is not listening on Redis loses their connection there once it listens again', async () => {
    const { member, closed } = await inviteOnSecondNode('Hedy');
    // The second node's subscription drops; the removal's news is published while it is gone.
    const redis = new Redis(inject('redisUrl'));
    try {
      await dropSubscriptions(redis, [nodes[1]!]);
    } finally {
      redis.disconnect();
    }
    expect((await removeOnFirstNode(member.id)).status).toBe(200);
    expect(await closed).toEqual([4401, 'Your access to this review was removed. Ask a facilitator of the review if you need it back.']);
  });

  /** A browser's session opened through the first node, its socket on the second; `closed` is how that socket closes. */
  const sessionOnSecondNode = async () => {
    const cookie = await sessionCookie(nodes[0]!.url, workspace.tokens.editor);
    const client = connectWithCookie(wsUrl(nodes[1]!), workspace.id, cookie, nodes[1]!.url);
    clients.push(client);
    await waitFor('the session to sync on the second node', () => client.provider.synced);
    return { cookie, closed: nextClose(client) };
  };

  it('[N12] [A5] signing out through one node closes that session’s socket on another, saying it signed out', async () => {
    const { cookie, closed } = await sessionOnSecondNode();
    expect((await call(nodes[0]!.url, 'DELETE', `/api/session/${workspace.id}`, { cookie })).status).toBe(204);
    expect(await closed).toMatchObject({ code: 4401, reason: 'You signed out of this review. Open your link again to come back.' });
  });

  it('[N12] [A9] a session that vanished without a sign-out closes with a sentence that keeps the browser’s copy, not "you signed out"', async () => {
    const { closed } = await sessionOnSecondNode();
    // The row goes as a restore of the database would take it; news of other access then makes
    // the second node read every grant again.
    const database = new pg.Client({ connectionString: env.DATABASE_URL });
    await database.connect();
    try {
      expect((await database.query('DELETE FROM sessions WHERE workspace = $1', [workspace.id])).rowCount).toBeGreaterThan(0);
    } finally {
      await database.end();
    }
    const { member } = await inviteOnSecondNode('Ivy');
    expect((await removeOnFirstNode(member.id)).status).toBe(200);
    expect(await closed).toMatchObject({ code: 4401, reason: 'Your session in this review has ended. Open your link again to come back.' });
  });

  it('[N9] a node killed mid-stream loses nothing any client saw, and its writer converges through another node', async () => {
    const victim = nodes[0]!;
    const writer = await connect(victim);
    const watcher = await connect(nodes[1]!);
    const stream = writer.doc.getText('stream');
    let written = 0;
    const typing = setInterval(() => stream.insert(stream.length, `${written++},`), 2);
    await waitFor('the watcher to see the stream', () => watcher.doc.getText('stream').length > 200);
    victim.process.kill('SIGKILL');
    await victim.exited;
    clearInterval(typing);
    const seen = watcher.doc.getText('stream').toString();

    // Everything the watcher saw is in the database, read there, not from a node: a row relayed
    // before it was stored would be missing from it.
    const store = await PostgresStore.open(env.DATABASE_URL!, { max: 1 });
    try {
      const stored = await store.loadDocument(workspace.id);
      const inDatabase = new Y.Doc();
      for (const update of [...(stored.state ? [stored.state] : []), ...stored.updates]) Y.applyUpdate(inDatabase, update);
      expect(inDatabase.getText('stream').toString().startsWith(seen)).toBe(true);
    } finally {
      await store.close();
    }
    // A client of the third node comes to hold it too. That node holds the room since an earlier
    // test, and hears the victim's last batches a moment after the watcher's may have (or reads
    // them on its next check, N7): it is waited for.
    const fresh = await connect(nodes[2]!);
    await waitFor('a client of the third node to hold all the watcher saw', () => fresh.doc.getText('stream').toString().startsWith(seen));

    // The writer's provider reconnects through another node (as a load balancer would send it).
    writer.provider.destroy();
    const rejoined = await connect(nodes[1]!, writer.doc);
    const all = stream.toString();
    await waitFor('every client to hold the whole stream', () => [rejoined, watcher, fresh].every((client) => client.doc.getText('stream').toString() === all));
    nodes.splice(0, 1);
  });
});
