import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { depsMap } from '../../../../shared/schema/root-types';
import { acceptProposedDate, commitDependency, declineProposedDate } from '../../../../shared/tree/dependency-handshake';
import { deliverTo, depDates, replica } from '../../support/proposal-replicas';
import { addDependency, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

// Three replicas besides the upstream's, every client-id order, updates merged as a reconnect delivers them.

function proposed(): { origin: Y.Doc; id: string } {
  const origin = newWorkspace();
  origin.clientID = 100;
  const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
  unwrap(commitDependency(origin, id, day(27), NOW));
  return { origin, id };
}

/** What a 2f9a6f3 tab writes accepting a request's proposal (its writeAcceptedProposal): the fields and the name, in no map. */
function acceptAs2f9a6f3(doc: Y.Doc, id: string): void {
  const entry = depsMap(doc).get(id)!;
  doc.transact(() => {
    entry.set('state', 'committed');
    entry.set('committedDate', entry.get('proposedDate'));
    entry.set('proposedDate', null);
    entry.set('acceptedProposal', entry.get('proposalId'));
  });
}

const deliver = deliverTo;
const dates = depDates;

const PERMUTATIONS = [
  [1, 2, 3],
  [1, 3, 2],
  [2, 1, 3],
  [2, 3, 1],
  [3, 1, 2],
  [3, 2, 1],
];
const ORDERS = PERMUTATIONS.map(([ana, ben, carl]) => ({ ana: ana!, ben: ben!, carl: carl! }));
const TWO = [
  { ana: 1, ben: 2 },
  { ana: 2, ben: 1 },
];

describe('an overruled decline, with three replicas', () => {
  for (const order of ORDERS) {
    it(`[U79] (a) Ben, who declined offline, is told when Carl’s decline and Ana’s accept reach him in one update (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl})`, () => {
      const { origin, id } = proposed();
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      const carl = replica(order.carl, origin);
      unwrap(declineProposedDate(ben, id));
      unwrap(declineProposedDate(carl, id));
      unwrap(acceptProposedDate(ana, id, NOW));
      expect(deliver(ben, carl, ana)).toEqual([{ dep: id, date: day(27), by: order.ana }]);
      expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
    });
  }

  for (const order of ORDERS) {
    it(`[U79] (a) Ben is told when Carl’s decline reaches him first (his own, losing to it, collected) and Ana’s accept after (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl})`, () => {
      const { origin, id } = proposed();
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      const carl = replica(order.carl, origin);
      unwrap(declineProposedDate(ben, id));
      unwrap(declineProposedDate(carl, id));
      unwrap(acceptProposedDate(ana, id, NOW));
      expect(deliver(ben, carl)).toEqual([]);
      expect(deliver(ben, ana)).toEqual([{ dep: id, date: day(27), by: order.ana }]);
    });

    it(`[U79] (c) Ben, who declined and took it back before Carl’s decline and Ana’s accept reached him in one update, is told nothing (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl})`, () => {
      const { origin, id } = proposed();
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      const carl = replica(order.carl, origin);
      const undo = new Y.UndoManager(depsMap(ben), { captureTimeout: 0 });
      unwrap(declineProposedDate(ben, id));
      undo.undo();
      expect(dates(ben, id).proposedDate).toBe(day(27));
      unwrap(declineProposedDate(carl, id));
      unwrap(acceptProposedDate(ana, id, NOW));
      expect(deliver(ben, carl, ana)).toEqual([]);
    });
    it(`[U79] (c) Ben, who declined and took it back before Carl’s decline reached him, is told nothing when Ana’s accept arrives after (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl})`, () => {
      const { origin, id } = proposed();
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      const carl = replica(order.carl, origin);
      const undo = new Y.UndoManager(depsMap(ben), { captureTimeout: 0 });
      unwrap(declineProposedDate(ben, id));
      undo.undo();
      unwrap(declineProposedDate(carl, id));
      unwrap(acceptProposedDate(ana, id, NOW));
      expect(deliver(ben, carl)).toEqual([]);
      expect(deliver(ben, ana)).toEqual([]);
    });
  }

  for (const order of TWO) {
    it(`[U79] (b) Ben declines, the upstream proposes the date again having seen it, then Ana’s accept made before arrives: the decline was answered, he is told nothing (Ana ${order.ana}, Ben ${order.ben})`, () => {
      const { origin, id } = proposed();
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      unwrap(acceptProposedDate(ana, id, NOW));
      unwrap(declineProposedDate(ben, id));
      deliver(origin, ben);
      unwrap(commitDependency(origin, id, day(27), NOW));
      // Proposing the declined date again answered the decline: Ana's accept now reads as one of that proposal.
      expect([...deliver(ben, origin), ...deliver(ben, ana)]).toEqual([]);
      expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
    });

    it(`[U79] (c) Ben declines then undoes it while Ana accepts: he is told nothing (Ana ${order.ana}, Ben ${order.ben})`, () => {
      const { origin, id } = proposed();
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      const undo = new Y.UndoManager(depsMap(ben), { captureTimeout: 0 });
      unwrap(declineProposedDate(ben, id));
      undo.undo();
      expect(dates(ben, id).proposedDate).toBe(day(27));
      unwrap(acceptProposedDate(ana, id, NOW));
      expect(deliver(ben, ana)).toEqual([]);
    });
  }
});

describe('an overruled decline, told once and of the right accept, by the answers kept per proposal (U97)', () => {
  for (const order of ORDERS) {
    for (const anaFirst of [true, false]) {
      it(`[U79][U97] Ben, who declined offline, is told once when Ana’s and Carl’s accepts of the proposal reach him one after the other, of the first (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl}, ${anaFirst ? 'Ana' : 'Carl'}’s first)`, () => {
        const { origin, id } = proposed();
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        const carl = replica(order.carl, origin);
        unwrap(declineProposedDate(ben, id));
        unwrap(acceptProposedDate(ana, id, NOW));
        unwrap(acceptProposedDate(carl, id, NOW));
        const [first, second] = anaFirst ? [ana, carl] : [carl, ana];
        expect([...deliver(ben, first), ...deliver(ben, second)]).toEqual([{ dep: id, date: day(27), by: first.clientID }]);
        expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
      });
    }

    for (const anaFirst of [true, false]) {
      it(`[U79][U97] Ben, who declined offline, is told once when Ana’s accept and a 2f9a6f3 tab’s (Carl’s, kept in no map) reach him one after the other (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl}, ${anaFirst ? 'Ana' : 'Carl'}’s first)`, () => {
        const { origin, id } = proposed();
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        const carl = replica(order.carl, origin);
        unwrap(declineProposedDate(ben, id));
        unwrap(acceptProposedDate(ana, id, NOW));
        acceptAs2f9a6f3(carl, id);
        const [first, second] = anaFirst ? [ana, carl] : [carl, ana];
        expect([...deliver(ben, first), ...deliver(ben, second)]).toEqual([{ dep: id, date: day(27), by: first.clientID }]);
        expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
      });
    }

    it(`[U79][U97] Dave, whose decline of the date again proposed wrote no declinedDate (a decline of the proposal before still held it), is told of Carl’s accept (Ana ${order.ana}, Carl ${order.ben}, Dave ${order.carl})`, () => {
      const { origin, id } = proposed();
      const ben = replica(50, origin);
      unwrap(declineProposedDate(ben, id));
      // Ana proposes 30 and 27 again without seeing Ben's decline: the two meet, and 27 is open again.
      const ana = replica(order.ana, origin);
      unwrap(commitDependency(ana, id, day(30), NOW));
      unwrap(commitDependency(ana, id, day(27), NOW));
      deliver(ana, ben);
      expect(depsMap(ana).get(id)!.get('declinedDate')).toBe(day(27));
      const carl = replica(order.ben, ana);
      const dave = replica(order.carl, ana);
      unwrap(acceptProposedDate(carl, id, NOW));
      unwrap(declineProposedDate(dave, id));
      expect(deliver(dave, carl)).toEqual([{ dep: id, date: day(27), by: order.ben }]);
    });

    for (const together of [true, false]) {
      it(`[U79][U97] Dave, whose decline wrote no declinedDate, is told of Carl’s accept made without seeing it though the upstream saw the decline and proposed another date (Ana ${order.ana}, Carl ${order.ben}, Dave ${order.carl}, ${together ? 'in one update' : 'the new date first'})`, () => {
        const { origin, id } = proposed();
        const ben = replica(50, origin);
        unwrap(declineProposedDate(ben, id));
        // Ana proposes 30 and 27 again without seeing Ben's decline: 27 is open again beside his declinedDate.
        const ana = replica(order.ana, origin);
        unwrap(commitDependency(ana, id, day(30), NOW));
        unwrap(commitDependency(ana, id, day(27), NOW));
        deliver(ana, ben);
        const carl = replica(order.ben, ana);
        const dave = replica(order.carl, ana);
        unwrap(acceptProposedDate(carl, id, NOW));
        unwrap(declineProposedDate(dave, id));
        // Ana sees Dave's decline and proposes 33 instead; Carl's accept of 27 was made before.
        deliver(ana, dave);
        unwrap(commitDependency(ana, id, day(33), NOW));
        const told = together ? deliver(dave, ana, carl) : [...deliver(dave, ana), ...deliver(dave, carl)];
        expect(dates(dave, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: day(33) });
        // As when his decline holds declinedDate: the date he declined stands, by an accept that never saw his decline.
        expect(told).toEqual([{ dep: id, date: day(27), by: order.ben }]);
      });
    }

    for (const together of [true, false]) {
      it(`[U79][U97] Ben, who declined offline, is told of Carl’s accept though the upstream saw it and proposed another date (Ana ${order.ana}, Ben ${order.ben}, Carl ${order.carl}, ${together ? 'in one update' : 'Carl’s first'})`, () => {
        const { origin, id } = proposed();
        const ben = replica(order.ben, origin);
        const carl = replica(order.carl, origin);
        unwrap(declineProposedDate(ben, id));
        unwrap(acceptProposedDate(carl, id, NOW));
        const ana = replica(order.ana, carl);
        unwrap(commitDependency(ana, id, day(30), NOW));
        const told = together ? deliver(ben, ana) : [...deliver(ben, carl), ...deliver(ben, ana)];
        expect(told).toEqual([{ dep: id, date: day(27), by: order.carl }]);
        expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: day(30) });
      });
    }

    it(`[U79][U97] Dave, who declined the newer proposal as Carl accepted it, is told of Carl’s accept, though Ben’s out-of-date accept of the older holds the fields (Ben ${order.ana}, Carl ${order.ben}, Dave ${order.carl})`, () => {
      const { origin, id } = proposed();
      const ben = replica(order.ana, origin);
      unwrap(acceptProposedDate(ben, id, NOW));
      const ana = replica(60, origin);
      unwrap(commitDependency(ana, id, day(30), NOW));
      const carl = replica(order.ben, ana);
      const dave = replica(order.carl, ana);
      unwrap(acceptProposedDate(carl, id, NOW));
      unwrap(declineProposedDate(dave, id));
      expect(deliver(dave, ben, carl)).toEqual([{ dep: id, date: day(30), by: order.ben }]);
      expect(dates(dave, id)).toEqual({ state: 'committed', committedDate: day(30), proposedDate: null });
    });
  }
});
