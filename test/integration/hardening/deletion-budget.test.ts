import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defaults } from '../../../server/config';
import { connectSynced, waitFor, waitForSync, type Client } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { refusalCount } from '../support/metrics';

/** A budget of delete ranges small enough for a test to outgrow (the default is 50,000). */
const MAX_DELETE_RANGES = 200;

/** Closes the provider reports, by code. */
function closesOf(client: Client): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** Types `2 × pairs` characters into `text`, then deletes every other one, `perUpdate` deletions an update: `pairs` delete ranges. */
async function typeAndThinOut(client: Client, text: Y.Text, pairs: number, perUpdate: number): Promise<void> {
  text.insert(0, 'ab'.repeat(pairs));
  for (let done = 0; done < pairs; done += perUpdate) {
    client.doc.transact(() => {
      // From the end, so the indexes of the characters still to delete stay where they were.
      for (let k = pairs - 1 - done; k >= Math.max(0, pairs - done - perUpdate); k--) text.delete(2 * k + 1, 1);
    });
  }
}

describe('deletions a document has gathered', () => {
  const fixture = useWorkspace({ limits: { ...defaults.limits, update: { ...defaults.limits.update, maxDeleteRanges: MAX_DELETE_RANGES } } });

  it('[H3] a returning client’s sync step 2 carries every deletion the room has, beyond the budget, and is taken; new deletions beyond the budget are still refused however many the room has', async () => {
    const writer = await fixture.connect('editor');
    const text = writer.doc.getText('notes');
    // Each update stays within the budget; together they give the room 1.5 times its delete ranges.
    await typeAndThinOut(writer, text, MAX_DELETE_RANGES * 1.5, MAX_DELETE_RANGES / 2);
    const reader = await connectSynced(fixture.server.wsUrl, fixture.workspace.id, fixture.workspace.tokens.editor);
    await waitFor('the thinned text at the reader', () => reader.doc.getText('notes').toString() === 'a'.repeat(MAX_DELETE_RANGES * 1.5));

    // Back after a network blip: its handshake's sync step 2 holds all 300 ranges.
    const readerCloses = closesOf(reader);
    reader.provider.disconnect();
    reader.provider.connect();
    await waitForSync(reader);
    reader.doc.getText('notes').insert(0, 'back ');
    await waitFor('the returning client’s edit at the writer', () => text.toString().startsWith('back a'));
    expect(readerCloses).toEqual([]);
    expect(await refusalCount(fixture.server.url, 'update_over_budget')).toBe(0);

    // New deletions beyond the budget are still refused, though the room holds more ranges than
    // they are: only the deletions it holds already are allowed on top.
    const hostileCloses = closesOf(writer);
    const more = writer.doc.getText('more');
    const pairs = MAX_DELETE_RANGES * 1.25;
    more.insert(0, 'xy'.repeat(pairs));
    await waitFor('the inserted text at the reader', () => reader.doc.getText('more').length === pairs * 2);
    writer.doc.transact(() => {
      for (let k = pairs - 1; k >= 0; k--) more.delete(2 * k + 1, 1);
    });
    await waitFor('the refusal', () => hostileCloses.includes(4002));
    expect(await refusalCount(fixture.server.url, 'update_over_budget')).toBe(1);
    expect(reader.doc.getText('more').length).toBe(pairs * 2);
    reader.destroy();
  });
});
