import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { depsMap } from '../../../../shared/schema/root-types';
import { unwrap } from '../../../../shared/schema/op-result';
import { asRead, workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { acceptProposedDate, commitDependency } from '../../../../shared/tree/dependency-handshake';
import { replica } from '../../support/proposal-replicas';
import { addDependency, addKpi, addTreeNode, day, newWorkspace, NOW, replicaOf, sync } from '../../support/workspace-fixtures';

describe('workspaceToJson', () => {
  it('serialises two converged replicas to the same bytes, whatever order they received changes in', () => {
    const a = newWorkspace();
    const b = replicaOf(a);
    for (let i = 0; i < 5; i++) {
      addTreeNode(a, { title: `A${i}` });
      addTreeNode(b, { title: `B${i}` });
    }
    addKpi(b, { readings: [['2025-11-01', 3]] });
    sync(a, b);
    sync(b, a);
    expect(JSON.stringify(workspaceToJson(a))).toBe(JSON.stringify(workspaceToJson(b)));
    expect(Object.keys(workspaceToJson(a).nodes)).toEqual(Object.keys(workspaceToJson(a).nodes).sort());
  });

  it('turns Y.Text into strings and readings into plain arrays', () => {
    const doc = newWorkspace();
    const kpi = addKpi(doc, { readings: [['2025-11-01', 3]] });
    const node = addTreeNode(doc, { title: 'Launch', notes: 'Why' });
    const json = workspaceToJson(doc);
    expect(json.nodes[node]).toMatchObject({ title: 'Launch', notes: 'Why' });
    expect(json.kpis[kpi]!.readings).toEqual([{ at: '2025-11-01', value: 3, source: 'manual' }]);
  });

  it('[L8] lists what meta and meeting keys nobody wrote read as, and what was written as written, keys sorted', () => {
    const doc = newWorkspace();
    doc.getMap('meta').set('mode', 'triage');
    doc.getMap('meta').set('pivotedAt', '2025-11-17T09:00:00.000Z');
    doc.getMap('meeting').set('status', 'running');
    doc.getMap('meeting').set('votesRevealed', 'yes');
    const json = workspaceToJson(doc);
    expect(Object.entries(json.meta!)).toEqual([
      ['mode', 'triage'],
      ['pivotReason', null],
      ['pivotedAt', '2025-11-17T09:00:00.000Z'],
      ['schema', 2],
      ['title', expect.any(String)],
    ]);
    // Values as stored, a broken one too (the JSON shows what a writer did, DESIGN §6).
    expect(json.meeting).toEqual({ status: 'running', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: 'yes' });
  });

  it('[U6] [U81] gives a dependency whose state no release writes the dates the board reads for it', () => {
    const doc = newWorkspace();
    const from = addTreeNode(doc, { title: 'API' });
    const to = addTreeNode(doc, { title: 'Launch' });
    // Any writer can store any state: the board reads a missing or unknown one as a request, whose
    // date in committedDate is a proposal the release before stored (U6).
    const states: unknown[] = [undefined, 'Requested', 7];
    states.forEach((state, i) => {
      const entry = new Y.Map<unknown>();
      depsMap(doc).set(`d${i}`, entry);
      entry.set('from', from);
      entry.set('to', to);
      entry.set('committedDate', '2026-12-27');
      if (state !== undefined) entry.set('state', state);
    });
    const board = readWorkspaceView(doc).deps;
    const json = asRead(workspaceToJson(doc));
    states.forEach((state, i) => {
      const dep = json.deps[`d${i}`]!;
      expect({ committedDate: dep.committedDate, proposedDate: dep.proposedDate }).toEqual({
        committedDate: board.get(`d${i}`)!.committedDate,
        proposedDate: board.get(`d${i}`)!.proposedDate,
      });
      expect(dep.proposedDate).toBe('2026-12-27');
      // What was stored is kept.
      expect(dep.state).toBe(state);
    });
  });

  it('[U82] gives the dates the board reads where an accept emptied `proposedDate` as a new date was proposed, and keeps the ids as stored', () => {
    const origin = newWorkspace();
    const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
    unwrap(commitDependency(origin, id, day(27), NOW));
    // The accept has the higher client id: its empty proposedDate is the one Yjs keeps.
    const upstream = replica(1, origin);
    const downstream = replica(2, origin);
    unwrap(commitDependency(upstream, id, day(30), NOW));
    unwrap(acceptProposedDate(downstream, id, NOW));
    sync(upstream, downstream);
    const stored = workspaceToJson(downstream).deps[id]!;
    expect(stored).toMatchObject({ state: 'committed', committedDate: day(27), proposedDate: null, proposalId: expect.stringMatching(`^${day(30)}~`), acceptedProposal: expect.stringMatching(`^${day(27)}~`) });
    const read = asRead(workspaceToJson(downstream)).deps[id]!;
    expect(read).toEqual({ ...stored, proposedDate: day(30) });
    expect(readWorkspaceView(downstream).deps.get(id)).toMatchObject({ committedDate: day(27), proposedDate: day(30) });
  });
});
