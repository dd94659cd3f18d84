import { describe, expect, it } from 'vitest';
import { addAction, setVote, updateAction } from '../../../../shared/schema/agenda-actions';
import { archiveAgendaItem, createAgendaItem, restoreAgendaItem, writeAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { readAgenda } from '../../../../shared/schema/agenda-read';
import { discussItem, startMeeting } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { NOW, newWorkspace, replicaOf, sync } from '../../support/workspace-fixtures';

describe('agenda items', () => {
  it('adds review items after the last one, with an empty decision, no actions and no votes', () => {
    const doc = newWorkspace();
    const first = unwrap(createAgendaItem(doc, { title: 'Forecast walkthrough', timeboxMin: 15 }));
    const second = unwrap(createAgendaItem(doc, { title: 'Hiring plan' }));
    const agenda = workspaceToJson(doc).agenda;
    expect(agenda[first]).toMatchObject({ kind: 'review', state: 'open', severity: null, standing: false, outcomeAt: null, decision: '', actions: [], votes: {}, findings: {} });
    expect(agenda[first]!.order < agenda[second]!.order).toBe(true);
  });

  it('keeps actions with an owner and a due date, and ticks them off', () => {
    const doc = newWorkspace();
    const item = unwrap(createAgendaItem(doc, { title: 'Cloud spend' }));
    const action = unwrap(addAction(doc, item, { text: 'Send the RI proposal', owner: 'Tomás', due: '2025-11-21' }));
    unwrap(updateAction(doc, item, action, { done: true }));
    expect(workspaceToJson(doc).agenda[item]!.actions).toEqual([
      { id: action, text: 'Send the RI proposal', owner: 'Tomás', due: '2025-11-21', done: true },
    ]);
    expect(addAction(doc, item, { text: 'x', due: 'Friday' }).ok).toBe(false);
  });

  it('keeps everyone’s dots when people vote at the same time', () => {
    const a = newWorkspace();
    const item = unwrap(createAgendaItem(a, { title: 'Cloud spend' }));
    const b = replicaOf(a);
    unwrap(setVote(a, item, 'ana', 2));
    unwrap(setVote(b, item, 'ben', 3));
    sync(a, b);
    sync(b, a);
    expect(workspaceToJson(a).agenda[item]!.votes).toEqual({ ana: 2, ben: 3 });
    unwrap(setVote(a, item, 'ana', 0));
    expect(workspaceToJson(a).agenda[item]!.votes).toEqual({ ben: 3 });
    expect(setVote(a, item, 'ana', 1.5).ok).toBe(false);
  });

  it('[U7] archives a review topic and restores it with its decision, actions and votes; a triage item or the item under discussion is refused', () => {
    const doc = newWorkspace();
    const topic = unwrap(createAgendaItem(doc, { title: 'Hiring plan', standing: true }));
    unwrap(setVote(doc, topic, 'ana', 2));
    expect(readAgenda(doc).find((item) => item.id === topic)!.archived).toBe(false);
    unwrap(archiveAgendaItem(doc, topic));
    expect(readAgenda(doc).find((item) => item.id === topic)!.archived).toBe(true);
    unwrap(restoreAgendaItem(doc, topic));
    expect(readAgenda(doc).find((item) => item.id === topic)).toMatchObject({ archived: false, votes: { ana: 2 } });

    doc.transact(() => writeAgendaItem(doc, 'triage:kpi:k1', { kind: 'triage', title: 'NRR', subject: { type: 'kpi', id: 'k1' }, severity: 'red', order: 'a0', state: 'open', owner: null, timeboxMin: null, standing: false, cleared: false, acceptedSeverity: null, revisitOn: null, outcomeAt: null }));
    expect(archiveAgendaItem(doc, 'triage:kpi:k1')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    unwrap(startMeeting(doc, { by: 'Ana', now: NOW }));
    unwrap(discussItem(doc, topic, { by: 'Ana', now: NOW }));
    expect(archiveAgendaItem(doc, topic)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(archiveAgendaItem(doc, 'nope')).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
