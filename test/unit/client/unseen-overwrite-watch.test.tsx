import { afterEach, describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { OfflineEditMark } from '../../../client/sync/awareness-state';
import { UnseenOverwriteWatch, type ReplacedValue } from '../../../client/sync/unseen-overwrite-watch';

const KPI = 'nrr';
const TARGET = { root: 'kpis', entry: KPI, field: 'target' } as const;

/** A replica with a fixed client id, holding (or copying) the KPI with target 100. */
function replica(clientID: number, from?: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from), 'provider');
  else {
    const kpi = new Y.Map<unknown>();
    doc.getMap<Y.Map<unknown>>('kpis').set(KPI, kpi);
    kpi.set('target', 100);
  }
  return doc;
}

const setTarget = (doc: Y.Doc, value: number) => doc.getMap<Y.Map<unknown>>('kpis').get(KPI)!.set('target', value);

/** Ben's page: a watch over his replica, recording what it would show. */
function benPage(doc: Y.Doc) {
  const awareness = new Awareness(doc);
  let shown: readonly ReplacedValue[] = [];
  const watch = new UnseenOverwriteWatch(doc, awareness, 'w1', () => false, (replaced) => (shown = replaced));
  return { awareness, watch, shown: () => shown };
}

describe('values replaced unseen, on the page of the person who stayed online', () => {
  afterEach(() => localStorage.clear());

  it('[U74][U75] counts a value written before a reload as this person’s, and names whose edit replaced it once their presence arrives', () => {
    const origin = replica(7);
    // Ben sets the target, then reloads: the new page writes with another client id.
    const before = replica(1, origin);
    const first = benPage(before);
    setTarget(before, 120);
    first.watch.destroy();
    const after = replica(3);
    const page = benPage(after);
    Y.applyUpdate(after, Y.encodeStateAsUpdate(before), 'indexeddb');
    expect(page.shown()).toEqual([]);

    // Ana (client 5, which wins) set it offline earlier; her edit arrives before her presence.
    const ana = replica(5, origin);
    setTarget(ana, 110);
    Y.applyUpdate(after, Y.encodeStateAsUpdate(ana, Y.encodeStateVector(after)), 'provider');
    expect(page.shown()).toEqual([{ edit: TARGET, mine: 120, theirs: 110, by: 5, author: null }]);

    const anaPresence = new Awareness(ana);
    const at = Date.UTC(2026, 11, 6, 10, 0);
    const marks: OfflineEditMark[] = [{ edit: TARGET, client: 5, at }];
    anaPresence.setLocalState({ user: { name: 'Ana Diaz' }, offlineEdits: marks });
    applyAwarenessUpdate(page.awareness, encodeAwarenessUpdate(anaPresence, [5]), 'provider');
    expect(page.shown()).toEqual([{ edit: TARGET, mine: 120, theirs: 110, by: 5, author: { name: 'Ana Diaz', at } }]);
  });

  it('[U75] a presence whose time is no date names its person without a time, never a time no screen can write', () => {
    const origin = replica(7);
    const ben = replica(1, origin);
    const page = benPage(ben);
    setTarget(ben, 120);
    const ana = replica(5, origin);
    setTarget(ana, 110);
    const anaPresence = new Awareness(ana);
    anaPresence.setLocalState({ user: { name: 'Ana Diaz' }, offlineEdits: [{ edit: TARGET, client: 5, at: 1e300 }] });
    applyAwarenessUpdate(page.awareness, encodeAwarenessUpdate(anaPresence, [5]), 'provider');
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(ana, Y.encodeStateVector(ben)), 'provider');
    expect(page.shown()).toEqual([{ edit: TARGET, mine: 120, theirs: 110, by: 5, author: { name: 'Ana Diaz', at: null } }]);
  });

  it('[U74] forgets this browser’s values once its copy is dropped: the next person here did not write them', () => {
    const origin = replica(7);
    const before = replica(1, origin);
    const first = benPage(before);
    setTarget(before, 120);
    first.watch.clear();
    first.watch.destroy();
    const after = replica(3, before);
    const page = benPage(after);
    const ana = replica(5, origin);
    setTarget(ana, 110);
    Y.applyUpdate(after, Y.encodeStateAsUpdate(ana, Y.encodeStateVector(after)), 'provider');
    expect(page.shown()).toEqual([]);
  });
});
