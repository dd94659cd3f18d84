import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RULES_ORIGIN, RuleRunner } from '../../../../server/rooms/rule-runner';
import { createKpi } from '../../../../shared/schema/kpi-accessors';
import { createNode, updateNode } from '../../../../shared/schema/node-accessors';
import { unwrap } from '../../../../shared/schema/op-result';
import { appendReadings } from '../../../../shared/schema/readings';
import { initWorkspace, readMode } from '../../../../shared/schema/workspace';
import { waitFor } from '../../../support/wait-for';

const now = new Date('2026-11-24T12:00:00Z');

/** The server's copy of a blank workspace, as loaded from storage: only what was stored. */
function loadedBlankWorkspace(): Y.Doc {
  const created = new Y.Doc();
  initWorkspace(created, { title: 'Blank review' });
  const loaded = new Y.Doc();
  Y.applyUpdate(loaded, Y.encodeStateAsUpdate(created));
  return loaded;
}

/** A loaded document as a room offers it to its runner: read it, and change it in one transaction. */
function roomOf(doc: Y.Doc) {
  return {
    doc,
    change<T>(body: (doc: Y.Doc) => T, origin: unknown): T {
      let result: T | undefined;
      doc.transact(() => {
        result = body(doc);
      }, origin);
      return result as T;
    },
  };
}

describe('the rule runner of a room', () => {
  let runner: RuleRunner | undefined;
  afterEach(() => runner?.stop());

  /** A participant's synced replica adds a KPI with a reading 20 % behind target; the update that carries it. */
  function farBehindKpi(doc: Y.Doc): { kpi: string; update: Uint8Array } {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const kpi = unwrap(createKpi(client, { name: 'Net revenue retention', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Dana' }));
    unwrap(appendReadings(client, kpi, [{ at: '2026-11-23', value: 88, source: 'warehouse' }], now));
    return { kpi, update: Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc)) };
  }

  it('leaves a workspace nobody has filled as it found it, then pivots it once a client adds a KPI far behind plan', async () => {
    const doc = loadedBlankWorkspace();
    runner = new RuleRunner('w1', roomOf(doc), { debounceMs: 5, sweepMs: 60_000, clock: () => now });
    expect(runner.findings).toEqual([]);
    // Nothing was read into existence: an idle blank room holds only what was stored, its meta (L8).
    expect([...doc.share.keys()].sort()).toEqual(['meta']);

    const { kpi, update } = farBehindKpi(doc);
    Y.applyUpdate(doc, update, 'client');

    await waitFor('the pivot', () => readMode(doc) === 'triage');
    expect(runner.findings.map((finding) => [finding.key, finding.severity])).toContainEqual([`kpi-threshold:kpi:${kpi}`, 'red']);
  });

  it('[Q3] runs nothing for keystrokes in a node’s notes, and evaluates a change to its title', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const doc = loadedBlankWorkspace();
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
      const node = unwrap(createNode(client, { kind: 'initiative', title: 'Partner programme', order: 'V', notes: 'Draft' }));
      /** Sends what the client did since the server last heard from it, as a participant's edit. */
      const send = () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc)), 'client');
      send();
      runner = new RuleRunner('w1', roomOf(doc), { debounceMs: 5, sweepMs: 60_000, clock: () => now });
      runner.evaluateNow();
      let runs = 0;
      doc.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.origin === RULES_ORIGIN) runs++;
      });

      for (const notes of ['Draft, then', 'Draft, then more', 'Draft, then more typing']) {
        unwrap(updateNode(client, node, { notes }));
        send();
        vi.advanceTimersByTime(5);
      }
      expect(runs).toBe(0);

      unwrap(updateNode(client, node, { title: 'Partner programme 2027' }));
      send();
      vi.advanceTimersByTime(5);
      expect(runs).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still sees a change to a root that the same transaction turned into a map', async () => {
    const doc = loadedBlankWorkspace();
    runner = new RuleRunner('w1', roomOf(doc), { debounceMs: 5, sweepMs: 60_000, clock: () => now });
    const { update } = farBehindKpi(doc);
    // The update creates 'kpis' as a bare root type; asking for the map then replaces it, so the
    // transaction records its change under a root the document no longer holds.
    doc.transact(() => {
      Y.applyUpdate(doc, update);
      doc.getMap('kpis');
    }, 'import');
    await waitFor('the pivot', () => readMode(doc) === 'triage');
  });
});
