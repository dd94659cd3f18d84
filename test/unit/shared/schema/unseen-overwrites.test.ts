import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { depsMap } from '../../../../shared/schema/root-types';
import { unseenOverwrites, type UnseenOverwrite } from '../../../../shared/schema/unseen-overwrites';
import { acceptProposedDate, commitDependency, declineProposedDate } from '../../../../shared/tree/dependency-handshake';
import { addDependency, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

const KPI = 'nrr';

/** A replica with a fixed client id holding the KPI "Net revenue retention", target 100. */
function replica(clientID: number, from?: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  else {
    const kpi = new Y.Map<unknown>();
    doc.getMap<Y.Map<unknown>>('kpis').set(KPI, kpi);
    kpi.set('name', 'Net revenue retention');
    kpi.set('target', 100);
  }
  return doc;
}

const setTarget = (doc: Y.Doc, value: number) => doc.getMap<Y.Map<unknown>>('kpis').get(KPI)!.set('target', value);
const target = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('kpis').get(KPI)!.get('target');

/** Ben's online replica receiving what Ana's replica holds beyond his, as the relay delivers it. */
/** A dependency whose upstream proposed day 27 after its need-by, in Ana's and Ben's replicas (these client ids). */
function proposedTo(ana: number, ben: number): { id: string; anaDoc: Y.Doc; benDoc: Y.Doc } {
  const origin = newWorkspace();
  const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
  unwrap(commitDependency(origin, id, day(27), NOW));
  return { id, anaDoc: replica(ana, origin), benDoc: replica(ben, origin) };
}

function deliver(from: Y.Doc, ben: Y.Doc): UnseenOverwrite[] {
  const found: UnseenOverwrite[] = [];
  const observe = (transaction: Y.Transaction) => {
    if (!transaction.local) found.push(...unseenOverwrites(transaction, (client) => client === ben.clientID));
  };
  ben.on('afterTransaction', observe);
  Y.applyUpdate(ben, Y.encodeStateAsUpdate(from, Y.encodeStateVector(ben)), 'provider');
  ben.off('afterTransaction', observe);
  return found;
}

/** Ana edits offline at 10:00, Ben online at 10:05; her edit arrives when she reconnects at 10:10. */
function anaOfflineThenBen(anaClient: number, benClient: number): { ana: Y.Doc; ben: Y.Doc } {
  const origin = replica(7);
  const ana = replica(anaClient, origin);
  const ben = replica(benClient, origin);
  setTarget(ana, 110);
  setTarget(ben, 120);
  return { ana, ben };
}

describe('values replaced by an edit made without seeing them', () => {
  it('[U74] reports Ben’s target when Ana’s older offline edit wins on client id', () => {
    const { ana, ben } = anaOfflineThenBen(2, 1);
    expect(deliver(ana, ben)).toEqual([{ edit: { root: 'kpis', entry: KPI, field: 'target' }, mine: 120, theirs: 110, by: 2 }]);
    expect(target(ben)).toBe(110);
  });

  it('[U74] reports nothing when Ana’s offline edit loses on client id: Ben’s value stays', () => {
    const { ana, ben } = anaOfflineThenBen(1, 2);
    expect(deliver(ana, ben)).toEqual([]);
    expect(target(ben)).toBe(120);
  });

  it('[U74] reports the last of several offline edits once, when the first of them was the unseen one', () => {
    const { ana, ben } = anaOfflineThenBen(2, 1);
    setTarget(ana, 105);
    expect(deliver(ana, ben)).toEqual([{ edit: { root: 'kpis', entry: KPI, field: 'target' }, mine: 120, theirs: 105, by: 2 }]);
  });

  it('[U74] reports nothing for a live overwrite: Ana saw Ben’s value and changed it, whatever the client ids', () => {
    for (const [anaClient, benClient] of [
      [1, 2],
      [2, 1],
    ] as const) {
      const ben = replica(benClient, replica(7));
      setTarget(ben, 120);
      const ana = replica(anaClient, ben);
      setTarget(ana, 110);
      expect(deliver(ana, ben)).toEqual([]);
      expect(target(ben)).toBe(110);
    }
  });

  it('[U74] reports nothing when the replaced value was not this person’s', () => {
    const origin = replica(7);
    const ana = replica(2, origin);
    const carl = replica(1, origin);
    setTarget(carl, 120);
    const ben = replica(4, carl);
    setTarget(ana, 110);
    expect(deliver(ana, ben)).toEqual([]);
    expect(target(ben)).toBe(110);
  });
});

describe('a dependency’s bookkeeping fields', () => {
  for (const [ana, ben] of [[2, 1], [1, 2]] as const) {
    it(`[U74] a decline of Ben’s replaced by one made without seeing it is not reported: declinedDate is no value a person set (Ana ${ana}, Ben ${ben})`, () => {
      const { id, anaDoc, benDoc } = proposedTo(ana, ben);
      unwrap(declineProposedDate(benDoc, id));
      // Offline, Ana proposes a new date and it is declined there, without Ben's decline in view.
      unwrap(commitDependency(anaDoc, id, day(30), NOW));
      unwrap(declineProposedDate(anaDoc, id));
      expect(deliver(anaDoc, benDoc)).toEqual([]);
      expect(depsMap(benDoc).get(id)!.get('declinedDate')).toBe(ana > ben ? day(30) : day(27));
    });
  }

  for (const [ana, ben] of [[2, 1], [1, 2]] as const) {
    it(`[U74][U82] an accept and a new date proposed at the same moment: whichever keeps proposedDate, neither is told their value was replaced, for both stand (Ana ${ana}, Ben ${ben})`, () => {
      const { id, anaDoc, benDoc } = proposedTo(ana, ben);
      unwrap(commitDependency(anaDoc, id, day(30), NOW));
      unwrap(acceptProposedDate(benDoc, id, NOW));
      // Each receives the other's, Ana first (what Ben gets from her then holds only her proposal).
      expect(deliver(benDoc, anaDoc)).toEqual([]);
      expect(deliver(anaDoc, benDoc)).toEqual([]);
    });

    it(`[U74][U82] two new dates proposed at the same moment: the one whose date Yjs did not keep is told, whichever it is (Ana ${ana}, Ben ${ben})`, () => {
      const { id, anaDoc, benDoc } = proposedTo(ana, ben);
      unwrap(commitDependency(anaDoc, id, day(30), NOW));
      unwrap(commitDependency(benDoc, id, day(33), NOW));
      const told = deliver(anaDoc, benDoc).map(({ edit, mine, theirs }) => [edit.field, mine, theirs]);
      expect(told).toEqual(ana > ben ? [['proposedDate', day(33), day(30)]] : []);
      // And Ana, receiving Ben's, is told when hers is the one not kept.
      const anaTold = deliver(benDoc, anaDoc).map(({ edit, mine, theirs }) => [edit.field, mine, theirs]);
      expect(anaTold).toEqual(ana > ben ? [] : [['proposedDate', day(30), day(33)]]);
    });
  }
});
