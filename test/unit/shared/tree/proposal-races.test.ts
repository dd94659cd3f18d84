import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { depsMap } from '../../../../shared/schema/root-types';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { commitDependency, declineProposedDate } from '../../../../shared/tree/dependency-handshake';
import { addDependency, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

type Shape = 'a commitment' | 'a request' | 'a request as the release before stored it';

/**
 * A dependency needed by day 20 whose upstream proposed day 27: on a commitment to day 18, on a
 * request, or as the release before stored a proposal (a request with the date committed).
 */
function proposed(shape: Shape): { origin: Y.Doc; id: string } {
  const origin = newWorkspace();
  const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
  if (shape === 'a commitment') unwrap(commitDependency(origin, id, day(18), NOW));
  if (shape === 'a request as the release before stored it') depsMap(origin).get(id)!.set('committedDate', day(27));
  else unwrap(commitDependency(origin, id, day(27), NOW));
  return { origin, id };
}

function replica(clientID: number, from: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

function deliver(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'provider');
}

const dates = (doc: Y.Doc, id: string) => {
  const { state, committedDate, proposedDate } = readWorkspaceView(doc).deps.get(id)!;
  return { state, committedDate, proposedDate };
};

// Which client id wins a key Yjs must choose for, and whose update the relay delivers first.
const ORDERS = [
  { ana: 1, ben: 2, anaFirst: true },
  { ana: 1, ben: 2, anaFirst: false },
  { ana: 2, ben: 1, anaFirst: true },
  { ana: 2, ben: 1, anaFirst: false },
];

const SHAPES: Shape[] = ['a request', 'a commitment', 'a request as the release before stored it'];

describe('a new date proposed while the downstream declines the one before', () => {
  for (const shape of SHAPES) {
    for (const order of ORDERS) {
      it(`[U81] the decline declines only the date it saw; the new one stays open on both screens (${shape}, Ana ${order.ana}, Ben ${order.ben}, ${order.anaFirst ? 'Ana' : 'Ben'}’s update first)`, () => {
        const { origin, id } = proposed(shape);
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(commitDependency(ana, id, day(30), NOW));
        unwrap(declineProposedDate(ben, id));
        if (order.anaFirst) {
          deliver(ana, ben);
          deliver(ben, ana);
        } else {
          deliver(ben, ana);
          deliver(ana, ben);
        }
        const open = { state: shape === 'a commitment' ? 'committed' : 'requested', committedDate: shape === 'a commitment' ? day(18) : null, proposedDate: day(30) };
        expect(dates(ana, id)).toEqual(open);
        expect(dates(ben, id)).toEqual(open);
        expect(workspaceToJson(ana)).toEqual(workspaceToJson(ben));
      });
    }
  }

  it('[U81] a decline made after seeing the new date declines it, and the date declined can be proposed again', () => {
    const { origin: doc, id } = proposed('a request');
    unwrap(commitDependency(doc, id, day(30), NOW));
    unwrap(declineProposedDate(doc, id));
    expect(dates(doc, id)).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
    unwrap(commitDependency(doc, id, day(30), NOW));
    expect(dates(doc, id)).toEqual({ state: 'requested', committedDate: null, proposedDate: day(30) });
  });

  it('[U81] a proposal the release before declined (the date erased) reads as none', () => {
    const { origin: doc, id } = proposed('a request');
    depsMap(doc).get(id)!.set('proposedDate', null);
    expect(dates(doc, id)).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
  });
});
