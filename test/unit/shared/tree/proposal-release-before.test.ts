import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { unwrap } from '../../../../shared/schema/op-result';
import { asRead, workspaceToJson } from '../../../../shared/schema/to-json';
import { acceptProposedDate, commitDependency, declineProposedDate, flagDependency } from '../../../../shared/tree/dependency-handshake';
import fixture from '../../../fixtures/handshake7a0e54c/fixture.json';
import fixture2f from '../../../fixtures/handshake2f9a6f3/fixture.json';
import { deliverTo, depDates, replica } from '../../support/proposal-replicas';
import { acceptAsReleaseBefore, declineAsReleaseBefore, proposeAsReleaseBefore, readAsReleaseBefore } from '../../support/release-before-handshake';
import { day, NOW } from '../../support/workspace-fixtures';

/**
 * SPEC U82 with the release before the proposal id (7a0e54c): a document it stored, and its tabs
 * (client id 7 in the fixture) answering and proposing beside this release's, one after the other
 * and at the same moment.
 */

type Answer = keyof typeof fixture.answers;
const { ids } = fixture;
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** The document 7a0e54c stored, on a replica with `clientID`. */
function stored(clientID = 100): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, bytes(fixture.document));
  return doc;
}

/** The stored document with a 7a0e54c tab's recorded answer applied. */
function withAnswer(answer: Answer): Y.Doc {
  const doc = stored();
  Y.applyUpdate(doc, bytes(fixture.answers[answer]));
  return doc;
}

/** What each dependency reads as on the board and over REST, by its name in the fixture. */
function readAll(doc: Y.Doc) {
  const json = asRead(workspaceToJson(doc));
  return Object.fromEntries(
    Object.entries(ids).map(([name, id]) => {
      // A dependency read as stored keeps its JSON as stored (asRead): a `proposedDate` never written stays absent.
      const { state, committedDate, proposedDate = null } = json.deps[id]!;
      expect({ state, committedDate, proposedDate }).toEqual(depDates(doc, id));
      return [name, depDates(doc, id)];
    }),
  );
}

describe('a document the release before stored (test/fixtures/handshake7a0e54c)', () => {
  it('[U82] reads as that release read it, on the board and over REST, alone and with each answer its tab made', () => {
    expect(readAll(stored())).toEqual(fixture.read);
    for (const answer of Object.keys(fixture.answers) as Answer[]) expect(readAll(withAnswer(answer)), answer).toEqual(fixture.readWith[answer]);
  });

  it('[U82] the stand-in for its tab in the tests below writes what its tab wrote', () => {
    const acts: Partial<Record<Answer, (doc: Y.Doc) => void>> = {
      declineCommitted: (doc) => declineAsReleaseBefore(doc, ids.committed),
      acceptCommitted: (doc) => acceptAsReleaseBefore(doc, ids.committed),
      propose30OnCommitted: (doc) => proposeAsReleaseBefore(doc, ids.committed, day(30)),
      propose30Then27OnCommitted: (doc) => {
        proposeAsReleaseBefore(doc, ids.committed, day(30));
        proposeAsReleaseBefore(doc, ids.committed, day(27));
      },
      declineOldFormat: (doc) => declineAsReleaseBefore(doc, ids.oldFormat),
      acceptOldFormat: (doc) => acceptAsReleaseBefore(doc, ids.oldFormat),
      propose30OnOldFormat: (doc) => proposeAsReleaseBefore(doc, ids.oldFormat, day(30)),
    };
    for (const [answer, act] of Object.entries(acts) as [Answer, (doc: Y.Doc) => void][]) {
      const doc = stored(7);
      act(doc);
      expect(workspaceToJson(doc).deps, answer).toEqual(workspaceToJson(withAnswer(answer)).deps);
    }
  });
});

/** A race between this release's tab (`mine`, on a replica with `clientID`) and an answer a 7a0e54c tab recorded. */
interface Race {
  title: string;
  answer: Answer;
  dep: keyof typeof ids;
  mine: (doc: Y.Doc, id: string) => void;
  /** What every screen of this release reads once both arrive, given whether this release's write is the one Yjs keeps by client id. */
  expected: (mineKept: boolean) => { state: string; committedDate: string | null; proposedDate: string | null };
}

const RACES: Race[] = [
  {
    title: 'a decline made offline, and a tab of the release before proposing another date and the declined one again',
    answer: 'propose30Then27OnCommitted',
    dep: 'committed',
    mine: (doc, id) => unwrap(declineProposedDate(doc, id)),
    // Its proposal has no id: it is read by date, declined as that release reads it.
    expected: () => ({ state: 'committed', committedDate: day(18), proposedDate: null }),
  },
  {
    title: 'an accept, and a tab of the release before proposing another date',
    answer: 'propose30OnCommitted',
    dep: 'committed',
    mine: (doc, id) => unwrap(acceptProposedDate(doc, id, NOW)),
    // Its proposal has no id: the empty `proposedDate` of the accept, kept by client id, withdraws it, as in that release.
    expected: (mineKept) => ({ state: 'committed', committedDate: day(27), proposedDate: mineKept ? null : day(30) }),
  },
  {
    title: 'a new date proposed, and a tab of the release before declining the one before',
    answer: 'declineCommitted',
    dep: 'committed',
    mine: (doc, id) => unwrap(commitDependency(doc, id, day(30), NOW)),
    expected: () => ({ state: 'committed', committedDate: day(18), proposedDate: day(30) }),
  },
  {
    title: 'a new date proposed, and a tab of the release before accepting the one before',
    answer: 'acceptCommitted',
    dep: 'committed',
    mine: (doc, id) => unwrap(commitDependency(doc, id, day(30), NOW)),
    // Its accept names no proposal: its empty `proposedDate`, kept by client id, withdraws the new one, as in that release.
    expected: (mineKept) => ({ state: 'committed', committedDate: day(27), proposedDate: mineKept ? day(30) : null }),
  },
  {
    title: 'a flag on a proposal stored the old way, and a tab of the release before proposing another date',
    answer: 'propose30OnOldFormat',
    dep: 'oldFormat',
    mine: (doc, id) => unwrap(flagDependency(doc, id, 'at-risk')),
    expected: (mineKept) => ({ state: 'at-risk', committedDate: null, proposedDate: mineKept ? day(27) : day(30) }),
  },
  {
    title: 'a new date proposed, and a tab of the release before flagging the proposal stored the old way',
    answer: 'flagOldFormat',
    dep: 'oldFormat',
    mine: (doc, id) => unwrap(commitDependency(doc, id, day(30), NOW)),
    // Its flag moves the old date without recording the move: kept by client id, it is the proposal, as in that release.
    expected: (mineKept) => ({ state: 'at-risk', committedDate: null, proposedDate: mineKept ? day(30) : day(27) }),
  },
  {
    title: 'an accept of a proposal stored the old way, and a tab of the release before proposing another date',
    answer: 'propose30OnOldFormat',
    dep: 'oldFormat',
    mine: (doc, id) => unwrap(acceptProposedDate(doc, id, NOW)),
    // The accept names the date it committed: that stands, though the proposal emptied `committedDate`.
    expected: () => ({ state: 'committed', committedDate: day(27), proposedDate: day(30) }),
  },
  {
    title: 'a new date proposed on a proposal stored the old way, and a tab of the release before accepting it',
    answer: 'acceptOldFormat',
    dep: 'oldFormat',
    mine: (doc, id) => unwrap(commitDependency(doc, id, day(30), NOW)),
    // Not settled (SPEC U82): the old tab's accept names nothing, and the new proposal emptied the
    // `committedDate` it wrote, so the dependency reads committed with no date beside the proposal.
    expected: () => ({ state: 'committed', committedDate: null, proposedDate: day(30) }),
  },
];

describe('this release and a tab of the release before, at the same moment', () => {
  for (const race of RACES) {
    for (const clientID of [3, 11]) {
      for (const mineFirst of [true, false]) {
        it(`[U82] ${race.title}: every screen reads the same (client ${clientID} against 7, ${mineFirst ? 'this release’s' : 'the old tab’s'} update first)`, () => {
          const id = ids[race.dep];
          const mine = replica(clientID, stored());
          const theirs = withAnswer(race.answer);
          race.mine(mine, id);
          const told = mineFirst ? [...deliverTo(theirs, mine), ...deliverTo(mine, theirs)] : [...deliverTo(mine, theirs), ...deliverTo(theirs, mine)];
          // Yjs keeps the write of the higher client id of two made without seeing each other.
          const expected = race.expected(clientID > 7);
          expect(depDates(mine, id)).toEqual(expected);
          expect(depDates(theirs, id)).toEqual(expected);
          expect(workspaceToJson(mine)).toEqual(workspaceToJson(theirs));
          expect(told).toEqual([]);
        });
      }
    }
  }
});

describe('a flag and a new date raced on a proposal stored the old way, then a tab of the release before', () => {
  for (const [ana, ben] of [[3, 11], [11, 3]] as const) {
    it(`[U82] that tab proposing another date, then the moved one again, is read as its proposal, and its decline declines it (Ana ${ana}, Ben ${ben})`, () => {
      const both = (doc: Y.Doc, expected: { state: string; committedDate: string | null; proposedDate: string | null }) => {
        expect(depDates(doc, ids.oldFormat)).toEqual(expected);
        expect(readAsReleaseBefore(doc, ids.oldFormat)).toEqual(expected);
        expect(asRead(workspaceToJson(doc)).deps[ids.oldFormat]).toMatchObject(expected);
      };
      const proposing = replica(ana, stored());
      const flagging = replica(ben, stored());
      unwrap(commitDependency(proposing, ids.oldFormat, day(30), NOW));
      unwrap(flagDependency(flagging, ids.oldFormat, 'at-risk'));
      deliverTo(proposing, flagging);
      expect(depDates(proposing, ids.oldFormat)).toEqual({ state: 'at-risk', committedDate: null, proposedDate: day(30) });
      proposeAsReleaseBefore(proposing, ids.oldFormat, day(33));
      proposeAsReleaseBefore(proposing, ids.oldFormat, day(27));
      // Nobody proposed 30 since: the date moved out of the old shape, proposed again, is that tab's proposal.
      both(proposing, { state: 'at-risk', committedDate: null, proposedDate: day(27) });
      declineAsReleaseBefore(proposing, ids.oldFormat);
      both(proposing, { state: 'at-risk', committedDate: null, proposedDate: null });
    });
  }
});

describe('this release and a tab of the release before, one after the other', () => {
  /** Both releases' boards read `expected`. */
  function reads(doc: Y.Doc, expected: { state: string; committedDate: string | null; proposedDate: string | null }) {
    expect(depDates(doc, ids.committed)).toEqual(expected);
    expect(readAsReleaseBefore(doc, ids.committed)).toEqual(expected);
  }
  const committed18 = (proposedDate: string | null) => ({ state: 'committed', committedDate: day(18), proposedDate });

  it('[U82] a proposal of this release is declined, or accepted, by a tab of the release before', () => {
    const doc = stored();
    unwrap(commitDependency(doc, ids.committed, day(30), NOW));
    reads(doc, committed18(day(30)));
    const accepting = replica(4, doc);
    declineAsReleaseBefore(doc, ids.committed);
    reads(doc, committed18(null));
    acceptAsReleaseBefore(accepting, ids.committed);
    reads(accepting, { state: 'committed', committedDate: day(30), proposedDate: null });
  });

  it('[U82] a date declined, proposed again by this release and declined again by a tab of the release before, reads declined', () => {
    const doc = stored();
    unwrap(commitDependency(doc, ids.committed, day(30), NOW));
    unwrap(declineProposedDate(doc, ids.committed));
    unwrap(commitDependency(doc, ids.committed, day(30), NOW));
    reads(doc, committed18(day(30)));
    declineAsReleaseBefore(doc, ids.committed);
    reads(doc, committed18(null));
  });

  it('[U82] a date declined by this release and proposed again by a tab of the release before reads open', () => {
    const doc = stored();
    unwrap(commitDependency(doc, ids.committed, day(30), NOW));
    unwrap(declineProposedDate(doc, ids.committed));
    proposeAsReleaseBefore(doc, ids.committed, day(30));
    reads(doc, committed18(day(30)));
  });

  it('[U82] a date this release declined, proposed again by a tab of the release before over a later proposal, then declined there, reads declined', () => {
    const doc = stored();
    unwrap(commitDependency(doc, ids.committed, day(27), NOW));
    unwrap(declineProposedDate(doc, ids.committed));
    unwrap(commitDependency(doc, ids.committed, day(30), NOW));
    // Its proposal of 27 carries no id: the decline beside it, of this release's 27, answered another proposal.
    proposeAsReleaseBefore(doc, ids.committed, day(27));
    reads(doc, committed18(day(27)));
    declineAsReleaseBefore(doc, ids.committed);
    reads(doc, committed18(null));
  });

  it('[U82] a tab of the release before proposing over a proposal of this release, then this release accepting it: the stale id is no proposal', () => {
    const doc = stored();
    unwrap(commitDependency(doc, ids.committed, day(30), NOW));
    proposeAsReleaseBefore(doc, ids.committed, day(33));
    reads(doc, committed18(day(33)));
    unwrap(acceptProposedDate(doc, ids.committed, NOW));
    reads(doc, { state: 'committed', committedDate: day(33), proposedDate: null });
    unwrap(commitDependency(doc, ids.committed, day(35), NOW));
    reads(doc, { state: 'committed', committedDate: day(33), proposedDate: day(35) });
  });
});

/**
 * SPEC U97 with the release before it (2f9a6f3, test/fixtures/handshake2f9a6f3), which kept one
 * answer per field: a document it stored, the two races it left open as it stored them, and its
 * tab (client id 7) answering the proposal it saw as this release proposes another and answers that.
 */
describe('a document 2f9a6f3 stored (test/fixtures/handshake2f9a6f3)', () => {
  type Answer2f = keyof typeof fixture2f.answers;
  /** The document 2f9a6f3 stored, on a replica with `clientID`, with its tab's recorded `answer` applied if given. */
  function stored2f(clientID = 100, answer?: Answer2f): Y.Doc {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    Y.applyUpdate(doc, bytes(fixture2f.document));
    if (answer) Y.applyUpdate(doc, bytes(fixture2f.answers[answer]));
    return doc;
  }
  /** What each dependency reads as on the board and over REST, by its name in the fixture. */
  function readAll2f(doc: Y.Doc) {
    const json = asRead(workspaceToJson(doc));
    return Object.fromEntries(
      Object.entries(fixture2f.ids).map(([name, id]) => {
        const { state, committedDate, proposedDate = null } = json.deps[id]!;
        expect({ state, committedDate, proposedDate }).toEqual(depDates(doc, id));
        return [name, depDates(doc, id)];
      }),
    );
  }

  it('[U97] reads as that release read it, on the board and over REST, alone and with each answer its tab made, the two races it left open as it left them', () => {
    expect(readAll2f(stored2f())).toEqual(fixture2f.read);
    for (const answer of Object.keys(fixture2f.answers) as Answer2f[]) expect(readAll2f(stored2f(100, answer)), answer).toEqual(fixture2f.readWith[answer]);
  });

  const RACES_2F: { answer: Answer2f; dep: keyof typeof fixture2f.ids; mine: 'declines' | 'accepts'; expected: { state: string; committedDate: string | null; proposedDate: string | null } }[] = [
    { answer: 'declineRequested', dep: 'requested', mine: 'declines', expected: { state: 'requested', committedDate: null, proposedDate: null } },
    { answer: 'acceptRequested', dep: 'requested', mine: 'accepts', expected: { state: 'committed', committedDate: day(30), proposedDate: null } },
    { answer: 'declineCommitted', dep: 'committed', mine: 'declines', expected: { state: 'committed', committedDate: day(18), proposedDate: null } },
    { answer: 'acceptCommitted', dep: 'committed', mine: 'accepts', expected: { state: 'committed', committedDate: day(30), proposedDate: null } },
  ];
  for (const race of RACES_2F) {
    // Not 1, 2, 3 or 100, which wrote the document: Yjs would give this replica another id.
    for (const clientID of [5, 11]) {
      for (const mineFirst of [true, false]) {
        it(`[U97] its tab’s ${race.answer} of day 27, and this release proposing day 30 and its downstream ${race.mine === 'accepts' ? 'accepting' : 'declining'} that, at the same moment: the answer to day 30 stands on every screen (client ${clientID} against 7, ${mineFirst ? 'this release’s' : 'the old tab’s'} update first)`, () => {
          const id = fixture2f.ids[race.dep];
          const mine = stored2f(clientID);
          const theirs = stored2f(100, race.answer);
          unwrap(commitDependency(mine, id, day(30), NOW));
          unwrap(race.mine === 'accepts' ? acceptProposedDate(mine, id, NOW) : declineProposedDate(mine, id));
          const told = mineFirst ? [...deliverTo(theirs, mine), ...deliverTo(mine, theirs)] : [...deliverTo(mine, theirs), ...deliverTo(theirs, mine)];
          expect(depDates(mine, id)).toEqual(race.expected);
          expect(depDates(theirs, id)).toEqual(race.expected);
          expect(workspaceToJson(mine)).toEqual(workspaceToJson(theirs));
          expect(told).toEqual([]);
        });
      }
    }
  }
});
