import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { OverruledDecline } from '../../../../shared/schema/overruled-declines';
import { unwrap } from '../../../../shared/schema/op-result';
import { depsMap } from '../../../../shared/schema/root-types';
import { acceptProposedDate, commitDependency, declineProposedDate, flagDependency } from '../../../../shared/tree/dependency-handshake';
import { deliverTo, depDates, replica, TWO_PARTY_ORDERS } from '../../support/proposal-replicas';
import { addDependency, addTreeNode, day, newWorkspace, NOW } from '../../support/workspace-fixtures';

/** A workspace whose upstream proposed day 27 for a dependency needed by day 20, on `committed` (to day 18) or a request. */
function proposed(committed: boolean): { origin: Y.Doc; id: string } {
  const origin = newWorkspace();
  const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
  if (committed) unwrap(commitDependency(origin, id, day(18), NOW));
  unwrap(commitDependency(origin, id, day(27), NOW));
  return { origin, id };
}

/** What `to`'s watch finds as the relay delivers what `from` holds beyond it. */
const deliver = (from: Y.Doc, to: Y.Doc) => deliverTo(to, from);
const dates = depDates;
const ORDERS = TWO_PARTY_ORDERS;

describe('an accept and a decline of one proposal, at the same time', () => {
  for (const committed of [false, true]) {
    for (const order of ORDERS) {
      it(`[U79] the accept stands and only the person who declined is told (${committed ? 'a commitment' : 'a request'}, Ana ${order.ana}, Ben ${order.ben}, ${order.anaFirst ? 'Ana' : 'Ben'}’s update first)`, () => {
        const { origin, id } = proposed(committed);
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(acceptProposedDate(ana, id, NOW));
        unwrap(declineProposedDate(ben, id));
        let benTold: OverruledDecline[];
        let anaTold: OverruledDecline[];
        if (order.anaFirst) {
          benTold = deliver(ana, ben);
          anaTold = deliver(ben, ana);
        } else {
          anaTold = deliver(ben, ana);
          benTold = deliver(ana, ben);
        }
        expect(benTold).toEqual([{ dep: id, date: day(27), by: order.ana }]);
        expect(anaTold).toEqual([]);
        const accepted = { state: 'committed', committedDate: day(27), proposedDate: null };
        expect(dates(ana, id)).toEqual(accepted);
        expect(dates(ben, id)).toEqual(accepted);
      });
    }
  }

  it('[U79] tells nobody when both accepted, or both declined, in either order', () => {
    for (const order of ORDERS) {
      for (const answer of [(doc: Y.Doc, id: string) => acceptProposedDate(doc, id, NOW), (doc: Y.Doc, id: string) => declineProposedDate(doc, id)]) {
        const { origin, id } = proposed(false);
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(answer(ana, id));
        unwrap(answer(ben, id));
        const told = order.anaFirst ? [...deliver(ana, ben), ...deliver(ben, ana)] : [...deliver(ben, ana), ...deliver(ana, ben)];
        expect(told).toEqual([]);
      }
    }
  });

  it('[U79] tells nobody when the accept came after the decline was seen: it answered a proposal made since', () => {
    const { origin, id } = proposed(false);
    const ben = replica(2, origin);
    unwrap(declineProposedDate(ben, id));
    const ana = replica(1, ben);
    unwrap(commitDependency(ana, id, day(27), NOW));
    unwrap(acceptProposedDate(ana, id, NOW));
    expect(deliver(ana, ben)).toEqual([]);
    expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
  });

  it('[U79] tells nobody when the upstream committed an earlier date as the proposal was declined: the late date is gone either way', () => {
    for (const order of ORDERS) {
      const { origin, id } = proposed(false);
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      unwrap(commitDependency(ana, id, day(19), NOW));
      unwrap(declineProposedDate(ben, id));
      expect(deliver(ana, ben)).toEqual([]);
      expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(19), proposedDate: null });
    }
  });

  it('[U79] tells a third person, who answered nothing, nothing', () => {
    const { origin, id } = proposed(false);
    const ana = replica(1, origin);
    const ben = replica(2, origin);
    const carl = replica(3, origin);
    unwrap(acceptProposedDate(ana, id, NOW));
    unwrap(declineProposedDate(ben, id));
    expect([...deliver(ben, carl), ...deliver(ana, carl)]).toEqual([]);
  });
});

describe('after an overruled decline was told', () => {
  const SHAPES = ['a request', 'a commitment', 'a request as the release before stored it'] as const;
  for (const shape of SHAPES) {
    for (const order of ORDERS) {
      it(`[U79] a later flag raised and cleared by a colleague tells the person who declined nothing more (${shape}, Ana ${order.ana}, Ben ${order.ben}, ${order.anaFirst ? 'Ana' : 'Ben'}’s update first)`, () => {
        const { origin, id } = proposed(shape === 'a commitment');
        // The release before stored a proposal on a request as its committed date.
        if (shape === 'a request as the release before stored it') {
          depsMap(origin).get(id)!.delete('proposedDate');
          depsMap(origin).get(id)!.set('committedDate', day(27));
        }
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(acceptProposedDate(ana, id, NOW));
        unwrap(declineProposedDate(ben, id));
        const told = order.anaFirst ? deliver(ana, ben) : [];
        deliver(ben, ana);
        if (!order.anaFirst) told.push(...deliver(ana, ben));
        expect(told).toEqual([{ dep: id, date: day(27), by: order.ana }]);
        unwrap(flagDependency(ana, id, 'at-risk'));
        expect(deliver(ana, ben)).toEqual([]);
        expect(dates(ben, id)).toEqual({ state: 'at-risk', committedDate: day(27), proposedDate: null });
        unwrap(flagDependency(ana, id, null));
        expect(deliver(ana, ben)).toEqual([]);
        expect(dates(ben, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
      });
    }
  }
});

describe('an accept and a flag made offline, arriving in one update', () => {
  for (const oldShape of [false, true]) {
    for (const order of ORDERS) {
      it(`[U79] the person who declined at the same time is told once (${oldShape ? 'a request as the release before stored it' : 'a request'}, Ana ${order.ana}, Ben ${order.ben})`, () => {
        const { origin, id } = proposed(false);
        if (oldShape) {
          depsMap(origin).get(id)!.delete('proposedDate');
          depsMap(origin).get(id)!.set('committedDate', day(27));
        }
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(acceptProposedDate(ana, id, NOW));
        unwrap(flagDependency(ana, id, 'at-risk'));
        unwrap(declineProposedDate(ben, id));
        expect(deliver(ana, ben)).toEqual([{ dep: id, date: day(27), by: order.ana }]);
        expect(deliver(ben, ana)).toEqual([]);
        expect(dates(ben, id)).toEqual({ state: 'at-risk', committedDate: day(27), proposedDate: null });
      });
    }
  }
});
