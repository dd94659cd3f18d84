import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDependency, writeDependencyState } from '../../../shared/schema/dependency-accessors';
import { createNode } from '../../../shared/schema/node-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { acceptProposedDate, commitDependency, declineProposedDate } from '../../../shared/tree/dependency-handshake';
import type { DepJson, WorkspaceJson } from '../../../shared/schema/types';
import { keyBetween } from '../../../shared/tree/fractional-index';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { call } from '../support/people';
import { day } from '../support/triage';

/** A dependency's three dates as an API consumer reads them. */
const datesIn = (dep: DepJson | undefined) => dep && { state: dep.state, committedDate: dep.committedDate, proposedDate: dep.proposedDate ?? null, declinedDate: dep.declinedDate ?? null };

describe('a dependency over REST reads as the app reads it (SPEC U6, U81, U82)', () => {
  const fixture = useWorkspace();
  const api = <T>(path: string) => call<T>(fixture.server.url, 'GET', `/api/workspaces/${fixture.workspace.id}${path}`, { token: fixture.workspace.tokens.facilitator });

  it('[U81][U6][U82] a declined proposal is no proposal, and the release before\'s proposal on a request is a proposal, in the live read, a snapshot and the JSON export', async () => {
    const client = await fixture.connect('editor');
    const doc = client.doc;
    const first = keyBetween(null, null);
    const upstream = unwrap(createNode(doc, { kind: 'initiative', title: 'Warehouse cut-over', order: first }));
    const downstream = unwrap(createNode(doc, { kind: 'keyResult', title: 'Self-serve analytics', order: keyBetween(first, null) }));
    const needBy = day(10);
    const [committed, later, other] = [day(8), day(20), day(25)];
    // Committed, then a later date proposed back and declined: it stays committed to its date.
    const declined = unwrap(createDependency(doc, { from: upstream, to: downstream, needBy }));
    unwrap(commitDependency(doc, declined, committed, new Date()));
    unwrap(commitDependency(doc, declined, later, new Date()));
    unwrap(declineProposedDate(doc, declined));
    // Declined, then another date proposed: that one is open.
    const reproposed = unwrap(createDependency(doc, { from: upstream, to: downstream, needBy }));
    unwrap(commitDependency(doc, reproposed, later, new Date()));
    unwrap(declineProposedDate(doc, reproposed));
    unwrap(commitDependency(doc, reproposed, other, new Date()));
    // As the release before stored a proposal on a request: the date in committedDate.
    const old = unwrap(createDependency(doc, { from: upstream, to: downstream, needBy }));
    writeDependencyState(doc, old, 'requested', later);
    // Accepted offline while the upstream proposed another date, the accept's empty proposedDate
    // kept by client id (the higher): the new date is still proposed, read by its id (U82).
    const raced = unwrap(createDependency(doc, { from: upstream, to: downstream, needBy }));
    unwrap(commitDependency(doc, raced, later, new Date()));
    const [proposing, accepting] = [1, 2].map((clientID) => {
      const replica = new Y.Doc();
      replica.clientID = clientID;
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
      return replica;
    }) as [Y.Doc, Y.Doc];
    unwrap(commitDependency(proposing, raced, other, new Date()));
    unwrap(acceptProposedDate(accepting, raced, new Date()));
    Y.applyUpdate(doc, Y.mergeUpdates([Y.encodeStateAsUpdate(proposing), Y.encodeStateAsUpdate(accepting)]));

    const expected = {
      [declined]: { state: 'committed', committedDate: committed, proposedDate: null, declinedDate: later },
      [reproposed]: { state: 'requested', committedDate: null, proposedDate: other, declinedDate: later },
      [old]: { state: 'requested', committedDate: null, proposedDate: later, declinedDate: null },
      [raced]: { state: 'committed', committedDate: later, proposedDate: other, declinedDate: null },
    };
    const read = async () => (await api<WorkspaceJson>('')).json.deps;
    // The client's edits arrive in order: the last one, on the last dependency, says all are there.
    await waitFor('the server to hold the four dependencies', async () => {
      const deps = await read();
      return Object.keys(deps).length === 4 && deps[raced]!.state === 'committed';
    });
    const live = await read();
    expect(Object.fromEntries(Object.entries(live).map(([id, dep]) => [id, datesIn(dep)]))).toEqual(expected);

    const exported = (await api<WorkspaceJson>('/export?format=json')).json;
    expect(Object.fromEntries(Object.entries(exported.deps).map(([id, dep]) => [id, datesIn(dep)]))).toEqual(expected);
    // The stored fields are kept: the accept's empty proposedDate is read, not erased.
    expect(exported.deps[raced]).toMatchObject({ proposalId: expect.stringMatching(`^${other}~`), acceptedProposal: expect.stringMatching(`^${later}~`) });

    const taken = await call<{ id: string }>(fixture.server.url, 'POST', `/api/workspaces/${fixture.workspace.id}/snapshots`, { token: fixture.workspace.tokens.facilitator }, { label: 'After the declines' });
    const snapshot = (await api<{ document: WorkspaceJson }>(`/snapshots/${taken.json.id}`)).json.document;
    expect(Object.fromEntries(Object.entries(snapshot.deps).map(([id, dep]) => [id, datesIn(dep)]))).toEqual(expected);
  });
});
