import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { depsMap } from '../../../../shared/schema/root-types';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { acceptProposedDate, commitDependency, declineProposedDate, flagDependency } from '../../../../shared/tree/dependency-handshake';
import { testSeed } from '../../../support/random';
import { deliverTo, depDates, replica, TWO_PARTY_ORDERS } from '../../support/proposal-replicas';
import type { OverruledDecline } from '../../../../shared/schema/overruled-declines';
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

/** What `to`'s watch finds as the relay delivers what `from` holds beyond it. */
const deliver = (from: Y.Doc, to: Y.Doc) => deliverTo(to, from);
const dates = depDates;
const ORDERS = TWO_PARTY_ORDERS;

const SHAPES: Shape[] = ['a request', 'a commitment', 'a request as the release before stored it'];

/** The two replicas exchange what each made offline, in the order given; what either one's U79 watch found. */
function meet(ana: Y.Doc, ben: Y.Doc, anaFirst: boolean) {
  return anaFirst ? [...deliver(ana, ben), ...deliver(ben, ana)] : [...deliver(ben, ana), ...deliver(ana, ben)];
}

/** How the order is named in a test's title. */
const named = (order: (typeof ORDERS)[number]) => `Ana ${order.ana}, Ben ${order.ben}, ${order.anaFirst ? 'Ana' : 'Ben'}’s update first`;

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

describe('an accept and a decline of a proposal the release before stored (a request with the date committed)', () => {
  for (const order of ORDERS) {
    it(`[U86] the accept stands with its date, as U79 says, and the person who declined is told (Ana ${order.ana}, Ben ${order.ben}, ${order.anaFirst ? 'Ana' : 'Ben'}’s update first)`, () => {
      const { origin, id } = proposed('a request as the release before stored it');
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      unwrap(acceptProposedDate(ana, id, NOW));
      unwrap(declineProposedDate(ben, id));
      const benTold = order.anaFirst ? deliver(ana, ben) : [];
      const anaTold = deliver(ben, ana);
      if (!order.anaFirst) benTold.push(...deliver(ana, ben));
      const accepted = { state: 'committed', committedDate: day(27), proposedDate: null };
      expect(dates(ana, id)).toEqual(accepted);
      expect(dates(ben, id)).toEqual(accepted);
      expect(benTold).toEqual([{ dep: id, date: day(27), by: order.ana }]);
      expect(anaTold).toEqual([]);
    });
  }

  it('[U86] a decline alone leaves the request with no date and no proposal; the raw JSON of a proposal stored now is as before', () => {
    const { origin: old, id } = proposed('a request as the release before stored it');
    unwrap(declineProposedDate(old, id));
    expect(dates(old, id)).toEqual({ state: 'requested', committedDate: null, proposedDate: null });
    const { origin: doc, id: now } = proposed('a request');
    unwrap(acceptProposedDate(doc, now, NOW));
    expect(workspaceToJson(doc).deps[now]).toMatchObject({ state: 'committed', committedDate: day(27), proposedDate: null });
    expect(workspaceToJson(doc).deps[now]).not.toHaveProperty('declinedDate');
  });
});

describe('an answer names the proposal it answered (U82)', () => {
  for (const shape of SHAPES) {
    for (const order of ORDERS) {
      it(`[U82] a decline made offline answers the proposal it saw: the date changed away and proposed again meanwhile stays open on both screens (${shape}, ${named(order)})`, () => {
        const { origin, id } = proposed(shape);
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(declineProposedDate(ben, id));
        unwrap(commitDependency(ana, id, day(30), NOW));
        unwrap(commitDependency(ana, id, day(27), NOW));
        const told = meet(ana, ben, order.anaFirst);
        const open = { state: shape === 'a commitment' ? 'committed' : 'requested', committedDate: shape === 'a commitment' ? day(18) : null, proposedDate: day(27) };
        expect(dates(ana, id)).toEqual(open);
        expect(dates(ben, id)).toEqual(open);
        expect(workspaceToJson(ana)).toEqual(workspaceToJson(ben));
        expect(told).toEqual([]);
      });

      it(`[U82] an accept and a new date proposed at the same moment: the date accepted is committed and the new one stays open on both screens (${shape}, ${named(order)})`, () => {
        const { origin, id } = proposed(shape);
        const ana = replica(order.ana, origin);
        const ben = replica(order.ben, origin);
        unwrap(acceptProposedDate(ben, id, NOW));
        unwrap(commitDependency(ana, id, day(30), NOW));
        const told = meet(ana, ben, order.anaFirst);
        const open = { state: 'committed', committedDate: day(27), proposedDate: day(30) };
        expect(dates(ana, id)).toEqual(open);
        expect(dates(ben, id)).toEqual(open);
        expect(workspaceToJson(ana)).toEqual(workspaceToJson(ben));
        expect(told).toEqual([]);
        // The new proposal is answered as any other: declined, the commitment stays.
        unwrap(declineProposedDate(ben, id));
        expect(dates(ben, id)).toEqual({ ...open, proposedDate: null });
      });
    }
  }

  for (const order of ORDERS) {
    it(`[U82] a flag, the first write to a proposal the release before stored, and a new date proposed at the same moment: the new date stays open, flagged, on both screens (${named(order)})`, () => {
      const { origin, id } = proposed('a request as the release before stored it');
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      unwrap(flagDependency(ben, id, 'at-risk'));
      unwrap(commitDependency(ana, id, day(30), NOW));
      meet(ana, ben, order.anaFirst);
      const open = { state: 'at-risk', committedDate: null, proposedDate: day(30) };
      expect(dates(ana, id)).toEqual(open);
      expect(dates(ben, id)).toEqual(open);
      expect(workspaceToJson(ana)).toEqual(workspaceToJson(ben));
      // And it is answered as any other: accepted, it is the commitment, the flag kept.
      unwrap(acceptProposedDate(ana, id, NOW));
      expect(dates(ana, id)).toEqual({ state: 'at-risk', committedDate: day(30), proposedDate: null });
    });
  }
});

describe('an accept of a flagged request’s proposal, and the flag cleared at the same moment', () => {
  for (const order of ORDERS) {
    it(`[U82] the date accepted is the commitment on both screens, though the state is the cleared flag’s request (${named(order)})`, () => {
      const { origin, id } = proposed('a request');
      unwrap(flagDependency(origin, id, 'at-risk'));
      const ana = replica(order.ana, origin);
      const ben = replica(order.ben, origin);
      unwrap(acceptProposedDate(ana, id, NOW));
      unwrap(flagDependency(ben, id, null));
      expect(meet(ana, ben, order.anaFirst)).toEqual([]);
      // The accept keeps the flag's state, writing none, so the request stands beside its date: not
      // the release before's proposal, as the accept named that date.
      expect(dates(ana, id)).toEqual({ state: 'requested', committedDate: day(27), proposedDate: null });
      expect(dates(ben, id)).toEqual(dates(ana, id));
    });
  }
});

describe('declines of two different proposals, made at once, and an accept of the first', () => {
  it('[U79][U82] the person whose decline of the later proposal lost declinedDate is not told the accept of the first overruled it', () => {
    const { origin, id } = proposed('a request');
    // Ben's decline of 27 wins `declinedDate` over Dave's decline of 30 by client id.
    const ben = replica(3, origin);
    const carl = replica(2, origin);
    const ana = replica(5, origin);
    const dave = replica(1, origin);
    unwrap(declineProposedDate(ben, id));
    unwrap(acceptProposedDate(carl, id, NOW));
    unwrap(commitDependency(ana, id, day(30), NOW));
    deliverTo(dave, ana);
    unwrap(declineProposedDate(dave, id));
    deliverTo(ana, dave);
    const daveTold = deliverTo(dave, ben, carl);
    expect(dates(dave, id)).toMatchObject({ state: 'committed', committedDate: day(27) });
    // Dave declined 30, not the 27 Carl accepted: no decline of his was overruled.
    expect(daveTold).toEqual([]);
  });
});

/**
 * Ben answers day 27 offline; meanwhile Ana proposes day 30 and Dave, who sees it, answers that. Each
 * answer names another proposal, and in 2f9a6f3 both wrote the same fields, where Yjs kept one by
 * client id: every answer is now kept per proposal, and the standing proposal's answer stands.
 */
const TWO_PROPOSALS = [
  { ben: 1, dave: 2, benFirst: true },
  { ben: 1, dave: 2, benFirst: false },
  { ben: 2, dave: 1, benFirst: true },
  { ben: 2, dave: 1, benFirst: false },
];

/** Ben's answer to day 27 and Dave's to day 30, made offline from each other, then everything delivered in the order given. */
function answerTwoProposals(shape: Shape, order: (typeof TWO_PROPOSALS)[number], answer: (doc: Y.Doc, id: string) => void) {
  const { origin, id } = proposed(shape);
  const ben = replica(order.ben, origin);
  const ana = replica(3, origin);
  const dave = replica(order.dave, origin);
  answer(ben, id);
  unwrap(commitDependency(ana, id, day(30), NOW));
  deliverTo(dave, ana);
  answer(dave, id);
  const told = order.benFirst ? [...deliverTo(dave, ben), ...deliverTo(ben, dave)] : [...deliverTo(ben, dave), ...deliverTo(dave, ben)];
  told.push(...deliverTo(ana, ben, dave));
  return { docs: [ana, ben, dave], id, told };
}

const twoNamed = (order: (typeof TWO_PROPOSALS)[number]) => `Ben ${order.ben}, Dave ${order.dave}, ${order.benFirst ? 'Ben' : 'Dave'}’s update first`;

describe('answers to two different proposals made at once (U82, U97)', () => {
  for (const shape of SHAPES) {
    for (const order of TWO_PROPOSALS) {
      it(`[U97] a decline of the newer proposal stands beside an offline decline of the older: no proposal is open on any screen (${shape}, ${twoNamed(order)})`, () => {
        const { docs, id, told } = answerTwoProposals(shape, order, (doc, dep) => unwrap(declineProposedDate(doc, dep)));
        const declined = { state: shape === 'a commitment' ? 'committed' : 'requested', committedDate: shape === 'a commitment' ? day(18) : null, proposedDate: null };
        for (const doc of docs) expect(dates(doc, id)).toEqual(declined);
        expect(workspaceToJson(docs[1]!)).toEqual(workspaceToJson(docs[0]!));
        expect(workspaceToJson(docs[2]!)).toEqual(workspaceToJson(docs[0]!));
        expect(told).toEqual([]);
      });

      it(`[U97] an accept of the newer proposal wins over an out-of-date accept of the older: committed to the newer on every screen (${shape}, ${twoNamed(order)})`, () => {
        const { docs, id, told } = answerTwoProposals(shape, order, (doc, dep) => unwrap(acceptProposedDate(doc, dep, NOW)));
        for (const doc of docs) expect(dates(doc, id)).toEqual({ state: 'committed', committedDate: day(30), proposedDate: null });
        expect(workspaceToJson(docs[1]!)).toEqual(workspaceToJson(docs[0]!));
        expect(workspaceToJson(docs[2]!)).toEqual(workspaceToJson(docs[0]!));
        expect(told).toEqual([]);
      });
    }
  }
});

describe('a commitment made after an out-of-date accept lost to the accept of the newer proposal (U97)', () => {
  for (const order of TWO_PROPOSALS) {
    it(`[U97] the upstream committing the date of the out-of-date accept reads committed to it on every screen (${twoNamed(order)})`, () => {
      const { docs, id } = answerTwoProposals('a request', order, (doc, dep) => unwrap(acceptProposedDate(doc, dep, NOW)));
      const [ana] = docs as [Y.Doc, Y.Doc, Y.Doc];
      // The need-by date moves past 27, and the upstream commits 27 outright.
      depsMap(ana).get(id)!.set('needBy', day(40));
      expect(unwrap(commitDependency(ana, id, day(27), NOW))).toEqual({ proposed: false });
      for (const doc of docs) deliverTo(doc, ana);
      for (const doc of docs) expect(dates(doc, id)).toEqual({ state: 'committed', committedDate: day(27), proposedDate: null });
    });
  }
});

/** Every order of three client ids: who wins each key Yjs must choose for among three writers. */
const THREE_IDS = [
  [1, 2, 3],
  [1, 3, 2],
  [2, 1, 3],
  [2, 3, 1],
  [3, 1, 2],
  [3, 2, 1],
];

describe('a decline of the standing proposal, and a proposal made at once of a date declined before (U82, U97)', () => {
  for (const [cx, cu2, cu] of THREE_IDS) {
    it(`[U97] the proposal whose id Yjs keeps is read with its own date, and declined by the decline of it, though the other emptied declinedDate (Xena ${cx}, Ugo ${cu}, Uma ${cu2})`, () => {
      // Day 27 proposed and declined, seen by all.
      const { origin, id } = proposed('a request');
      unwrap(declineProposedDate(origin, id));
      const ugo = replica(cu!, origin);
      const uma = replica(cu2!, origin);
      const xena = replica(cx!, origin);
      // Ugo proposes 30 and Xena, who sees it, declines it; Uma, offline, proposes 27 again.
      unwrap(commitDependency(ugo, id, day(30), NOW));
      deliverTo(xena, ugo);
      unwrap(declineProposedDate(xena, id));
      unwrap(commitDependency(uma, id, day(27), NOW));
      const docs = [ugo, uma, xena];
      for (const to of docs) for (const from of docs) if (to !== from) deliverTo(to, from);
      // Uma's 27, proposed after nobody declined it, stands open where Yjs kept its id; Ugo's 30 stands declined where it kept his.
      const umaStands = cu2! > cu!;
      for (const doc of docs) expect(dates(doc, id)).toEqual({ state: 'requested', committedDate: null, proposedDate: umaStands ? day(27) : null });
      expect(workspaceToJson(uma)).toEqual(workspaceToJson(ugo));
      expect(workspaceToJson(xena)).toEqual(workspaceToJson(ugo));
    });
  }
});

const seed = testSeed('proposal races');

describe('new proposals and answers made at once, delivered in a random order (U82, U97)', () => {
  it(`[U82][U97][U79] every screen ends on the answers to the standing proposal, then the date accepted and the last one proposed, and only a decline overruled by an accept is told (seed ${seed})`, () => {
    const answer = fc.constantFrom('accept', 'decline', 'none');
    fc.assert(
      fc.property(
        fc.constantFrom(...SHAPES),
        fc.shuffledSubarray([1, 2, 3, 4], { minLength: 4, maxLength: 4 }),
        fc.array(fc.constantFrom(27, 30, 33), { maxLength: 3 }),
        answer,
        answer,
        answer,
        fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { maxLength: 8 }),
        (shape, clients, proposals, benAnswer, carlAnswer, daveAnswer, deliveries) => {
          // Ana proposes offline, one date after another; Ben and Carl answer day 27 offline.
          const { origin, id } = proposed(shape);
          const docs = clients.map((clientID) => replica(clientID, origin));
          const [ana, ben, carl, dave] = docs as [Y.Doc, Y.Doc, Y.Doc, Y.Doc];
          for (const offset of proposals) unwrap(commitDependency(ana, id, day(offset), NOW));
          const answers = [benAnswer, carlAnswer];
          [ben, carl].forEach((doc, i) => {
            if (answers[i] === 'accept') unwrap(acceptProposedDate(doc, id, NOW));
            if (answers[i] === 'decline') unwrap(declineProposedDate(doc, id));
          });

          // The date Ana last proposed, if she changed it (proposing the open date again writes nothing).
          let last = 27;
          let changed = false;
          for (const offset of proposals) [changed, last] = [changed || offset !== last, offset];
          // Dave sees Ana's proposals, not Ben's or Carl's answers, and answers the newest, of another
          // date than 27: an answer to 27 again is an answer to the date they answered (U79's ground).
          const daves = changed && last !== 27 ? daveAnswer : 'none';
          deliverTo(dave, ana);
          if (daves === 'accept') unwrap(acceptProposedDate(dave, id, NOW));
          if (daves === 'decline') unwrap(declineProposedDate(dave, id));

          // Some updates relayed in a random order, then everything to everybody.
          const told: OverruledDecline[][] = docs.map(() => []);
          const relay = (to: number, from: number) => to !== from && told[to]!.push(...deliverTo(docs[to]!, docs[from]!));
          for (const [to, from] of deliveries) relay(to, from);
          for (let to = 0; to < 4; to++) for (let from = 0; from < 4; from++) relay(to, from);

          const accepted = answers.includes('accept');
          const answered = answers.some((a) => a !== 'none');
          const committedBefore = shape === 'a commitment' ? day(18) : null;
          const expected = {
            state: accepted || daves === 'accept' || shape === 'a commitment' ? 'committed' : 'requested',
            // The standing proposal's accept wins over the out-of-date accept of 27 (U97).
            committedDate: daves === 'accept' ? day(last) : accepted ? day(27) : committedBefore,
            // A new proposal stays open whatever answered the one before, unless it is the date
            // accepted or Dave answered it, whatever answered 27 (U97).
            proposedDate: daves !== 'none' ? null : changed ? (accepted && last === 27 ? null : day(last)) : answered ? null : day(27),
          };
          for (const doc of docs) expect(depDates(doc, id)).toEqual(expected);
          for (const doc of docs) expect(workspaceToJson(doc)).toEqual(workspaceToJson(ana));
          // U79: a decline overruled by the other's accept is told once; nobody else is told.
          const overruled = (mine: number, theirs: number) => (answers[mine] === 'decline' && answers[theirs] === 'accept' ? [{ dep: id, date: day(27), by: clients[theirs + 1] }] : []);
          // Not settled (SPEC U97): a decline of a proposal without an id is kept in the fields alone;
          // once Dave's decline of the newer proposal beats it there by client id, it is no longer
          // known for a decline, so it is told only if the accept reached its page first.
          const lostUntold = (mine: number) => shape === 'a request as the release before stored it' && daves === 'decline' && clients[3]! > clients[mine + 1]!;
          // Ben told of Carl's accept of 27 before or after Dave's accept of the newer date commits that:
          // whether he was is the order of delivery's, and the end is the same.
          const byOrder = daves === 'accept' && answers.includes('accept') && answers.includes('decline');
          const tellsOf = (mine: number, theirs: number) => (lostUntold(mine) || byOrder ? [[], overruled(mine, theirs)] : [overruled(mine, theirs)]);
          expect(told[0]).toEqual([]);
          expect(tellsOf(0, 1)).toContainEqual(told[1]);
          expect(tellsOf(1, 0)).toContainEqual(told[2]);
          expect(told[3]).toEqual([]);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});

describe('two proposals made at once, and an answer to one of them, delivered in a random order (U82, U97)', () => {
  it(`[U82][U97] every screen reads the proposal whose id Yjs keeps, with its own date, and the answer to it stands (seed ${seed})`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHAPES),
        fc.boolean(),
        fc.shuffledSubarray([1, 2, 3], { minLength: 3, maxLength: 3 }),
        fc.constantFrom(30, 33),
        fc.constantFrom(27, 30, 33),
        fc.constantFrom('accept', 'decline'),
        fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 6 }),
        (shape, declinedFirst, clients, ugoDate, umaDate, xenasAnswer, deliveries) => {
          // Day 27 proposed, declined or not, seen by all; Ugo proposes another date and Xena, who
          // sees it, answers it; Uma, offline, proposes a date too.
          const { origin, id } = proposed(shape);
          if (declinedFirst) unwrap(declineProposedDate(origin, id));
          const docs = clients.map((clientID) => replica(clientID, origin));
          const [ugo, uma, xena] = docs as [Y.Doc, Y.Doc, Y.Doc];
          unwrap(commitDependency(ugo, id, day(ugoDate), NOW));
          const ugosId = depsMap(ugo).get(id)!.get('proposalId');
          deliverTo(xena, ugo);
          unwrap(xenasAnswer === 'accept' ? acceptProposedDate(xena, id, NOW) : declineProposedDate(xena, id));
          unwrap(commitDependency(uma, id, day(umaDate), NOW));

          const told: OverruledDecline[] = [];
          const relay = (to: number, from: number) => to !== from && told.push(...deliverTo(docs[to]!, docs[from]!));
          for (const [to, from] of deliveries) relay(to, from);
          for (let to = 0; to < 3; to++) for (let from = 0; from < 3; from++) relay(to, from);

          const accepted = xenasAnswer === 'accept';
          const committed = accepted ? day(ugoDate) : shape === 'a commitment' ? day(18) : null;
          const ugoStands = depsMap(ugo).get(id)!.get('proposalId') === ugosId;
          // Ugo's proposal stands answered; Uma's stands open, unless it is of the date Xena committed.
          const open = ugoStands || (accepted && umaDate === ugoDate) ? null : day(umaDate);
          const expected = { state: accepted || shape === 'a commitment' ? 'committed' : 'requested', committedDate: committed, proposedDate: open };
          for (const doc of docs) expect(depDates(doc, id)).toEqual(expected);
          for (const doc of docs) expect(workspaceToJson(doc)).toEqual(workspaceToJson(ugo));
          expect(told).toEqual([]);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
