import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonical } from '../../support/canonical';
import { seededRandom, testSeed } from '../../support/random';
import { waitFor, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';

const content = (doc: Y.Doc) =>
  canonical({ items: doc.getMap('items').toJSON(), text: doc.getText('notes').toString(), list: doc.getArray('list').toJSON() });

describe('relay convergence', () => {
  const fixture = useWorkspace();

  it('two clients see each other’s edits', async () => {
    const alice = await fixture.connect('editor');
    const bob = await fixture.connect('editor');
    alice.doc.getText('notes').insert(0, 'Hello from Alice. ');
    bob.doc.getMap('items').set('bob', 'was here');
    await waitFor('both edits on both sides', () =>
      [alice, bob].every((c) => c.doc.getText('notes').toString() === 'Hello from Alice. ' && c.doc.getMap('items').get('bob') === 'was here'),
    );
    expect(content(alice.doc)).toEqual(content(bob.doc));
  });

  it('ten clients editing concurrently with random disconnects converge to one state', async () => {
    const random = seededRandom(testSeed('ten-client convergence'));
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const pushed = new Set<string>();
    const clients: Client[] = [];
    for (let i = 0; i < 10; i++) clients.push(await fixture.connect('editor'));

    for (let round = 0; round < 30; round++) {
      for (const client of clients) {
        const roll = random();
        if (roll < 0.08 && client.provider.wsconnected) client.provider.disconnect();
        else if (roll < 0.2 && !client.provider.shouldConnect) client.provider.connect();
        const doc = client.doc;
        const edit = Math.floor(random() * 4);
        if (edit === 0) doc.getMap('items').set(`k${Math.floor(random() * 20)}`, Math.floor(random() * 1000));
        else if (edit === 1) {
          const text = doc.getText('notes');
          text.insert(Math.floor(random() * (text.length + 1)), pick(['a', 'b', 'c', ' ', 'xyz']));
        } else if (edit === 2) {
          const text = doc.getText('notes');
          if (text.length > 0) text.delete(Math.floor(random() * text.length), 1);
        } else {
          const item = `${doc.clientID}:${round}`;
          doc.getArray('list').push([item]);
          pushed.add(item);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 20)));
    }
    for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();

    const expected = () => content(clients[0]!.doc);
    await waitFor('all ten clients to converge', () => clients.every((c) => c.provider.synced && content(c.doc) === expected()), 20_000);
    // Every append anyone made, online or offline, survived, and the server holds the same state.
    expect(new Set(clients[0]!.doc.getArray('list').toArray())).toEqual(pushed);
    expect(clients[0]!.doc.getArray('list').length).toBe(pushed.size);
    const late = await fixture.connect('viewer');
    expect(content(late.doc)).toEqual(content(clients[0]!.doc));
  });
});
