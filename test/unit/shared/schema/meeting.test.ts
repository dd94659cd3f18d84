import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAgendaItem, updateAgendaItem } from '../../../../shared/schema/agenda-accessors';
import { setVote } from '../../../../shared/schema/agenda-actions';
import { decideItem } from '../../../../shared/schema/agenda-outcomes';
import { discussItem, endMeeting, markMeetingEndSnapshot, pauseTimer, readMeeting, resumeTimer, setVotesRevealed, startMeeting, timerElapsedMs } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { newWorkspace, NOW, replicaOf, sync } from '../../support/workspace-fixtures';

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const ana = (seconds = 0) => ({ by: 'Ana', now: at(seconds) });

function agenda(): { doc: Y.Doc; scorecard: string; hiring: string; pricing: string } {
  const doc = newWorkspace();
  return {
    doc,
    scorecard: unwrap(createAgendaItem(doc, { title: 'Scorecard', standing: true, timeboxMin: 5 })),
    hiring: unwrap(createAgendaItem(doc, { title: 'Hiring plan', timeboxMin: 10 })),
    pricing: unwrap(createAgendaItem(doc, { title: 'Pricing', timeboxMin: 10 })),
  };
}
const state = (doc: Y.Doc, id: string) => workspaceToJson(doc).agenda[id]!.state;

describe('T6 the meeting lives in the document', () => {
  it('a new workspace has an idle meeting', () => {
    expect(workspaceToJson(newWorkspace()).meeting).toEqual({ status: 'idle', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: false });
  });

  it('starting a meeting runs it, hides votes and reopens the standing items only, their dots cleared', () => {
    const { doc, scorecard, hiring } = agenda();
    unwrap(setVote(doc, scorecard, 'p-ana', 2));
    unwrap(setVote(doc, hiring, 'p-ana', 1));
    unwrap(decideItem(doc, scorecard, null, ana()));
    unwrap(decideItem(doc, hiring, null, ana()));
    unwrap(setVotesRevealed(doc, true));
    unwrap(startMeeting(doc, ana(60)));
    expect(readMeeting(doc)).toMatchObject({ status: 'running', startedAt: at(60).toISOString(), currentItem: null, votesRevealed: false });
    expect(workspaceToJson(doc).agenda[scorecard]).toMatchObject({ state: 'open', outcomeAt: null, acceptedSeverity: null, votes: {} });
    expect(state(doc, hiring)).toBe('decided');
    // A one-off item keeps its dots: they record what the room weighed it at.
    expect(workspaceToJson(doc).agenda[hiring]!.votes).toEqual({ 'p-ana': 1 });
    expect(workspaceToJson(doc).log.at(-1)).toMatchObject({ kind: 'meeting-start', by: 'Ana', text: 'Ana started the meeting.' });
    expect(startMeeting(doc, ana(61))).toEqual({ ok: false, error: { code: 'conflict', message: 'A meeting is already running.' } });
  });

  it('discussing an item makes it current with a running timer; the item it replaces goes back to open', () => {
    const { doc, hiring, pricing } = agenda();
    unwrap(discussItem(doc, hiring, ana(0)));
    expect(readMeeting(doc)).toMatchObject({ currentItem: hiring, timer: { item: hiring, runningSince: at(0).toISOString(), spentMs: 0 } });
    expect(state(doc, hiring)).toBe('discussing');
    unwrap(discussItem(doc, pricing, ana(90)));
    expect(state(doc, hiring)).toBe('open');
    expect(readMeeting(doc)).toMatchObject({ currentItem: pricing, timer: { item: pricing, spentMs: 0 } });
  });

  it('pauses and resumes, counting only running time, and shows overtime past the timebox', () => {
    const { doc, hiring } = agenda();
    unwrap(discussItem(doc, hiring, ana(0)));
    unwrap(pauseTimer(doc, at(300)));
    expect(timerElapsedMs(readMeeting(doc).timer!, at(900).getTime())).toBe(300_000);
    unwrap(resumeTimer(doc, at(900)));
    expect(timerElapsedMs(readMeeting(doc).timer!, at(1260).getTime())).toBe(660_000);
    // Discussing the same item again continues its clock rather than restarting it.
    unwrap(discussItem(doc, hiring, ana(1260)));
    expect(readMeeting(doc).timer).toMatchObject({ spentMs: 660_000 });
  });

  it('ending stops the clock where it is, hides the votes again and logs the end', () => {
    const { doc, hiring } = agenda();
    expect(endMeeting(doc, ana())).toMatchObject({ ok: false, error: { code: 'conflict' } });
    unwrap(startMeeting(doc, ana(0)));
    unwrap(discussItem(doc, hiring, ana(10)));
    unwrap(setVotesRevealed(doc, true));
    unwrap(endMeeting(doc, ana(70)));
    // Left revealed, the dots of the meeting that ended would order the agenda over a red raised after it.
    expect(readMeeting(doc)).toMatchObject({ status: 'ended', endedAt: at(70).toISOString(), currentItem: null, timer: { item: hiring, runningSince: null, spentMs: 60_000 }, votesRevealed: false });
    expect(workspaceToJson(doc).log.at(-1)).toMatchObject({ kind: 'meeting-end', text: 'Ana ended the meeting.' });
  });

  it('one facilitator pausing while another moves on converge on one current item whose timer is its own', () => {
    // Which side wins depends on the two replicas' client ids; over many fresh pairs both orders occur.
    const winners = new Set<string>();
    for (let round = 0; round < 30; round++) {
      const { doc: first, hiring, pricing } = agenda();
      unwrap(discussItem(first, pricing, ana(0)));
      const second = replicaOf(first);
      unwrap(discussItem(first, hiring, ana(5)));
      unwrap(pauseTimer(second, at(6)));
      sync(first, second);
      sync(second, first);
      const meeting = readMeeting(first);
      expect(readMeeting(second)).toEqual(meeting);
      expect(meeting.timer!.item).toBe(meeting.currentItem);
      winners.add(meeting.currentItem === hiring ? 'discuss' : 'pause');
    }
    expect(winners).toEqual(new Set(['discuss', 'pause']));
  });

  it('an item the timer leaves keeps the time spent on it, and its clock goes on from there when it is taken up again', () => {
    const { doc, hiring, pricing } = agenda();
    unwrap(startMeeting(doc, ana()));
    unwrap(discussItem(doc, hiring, ana(0)));
    unwrap(discussItem(doc, pricing, ana(31)));
    const item = (id: string) => workspaceToJson(doc).agenda[id]!;
    expect(item(hiring).spentMs).toBe(31_000);
    expect(item(pricing).spentMs).toBeUndefined();
    // Back to hiring: the clock starts at 0:31, and pricing keeps its 0:20.
    unwrap(discussItem(doc, hiring, ana(51)));
    expect(item(pricing).spentMs).toBe(20_000);
    expect(timerElapsedMs(readMeeting(doc).timer!, at(61).getTime())).toBe(41_000);
    // Ending the meeting keeps the time of the item under discussion too.
    unwrap(endMeeting(doc, ana(71)));
    expect(item(hiring).spentMs).toBe(51_000);
    // A timebox is per meeting: the next one starts every item's time from nothing.
    unwrap(startMeeting(doc, ana(600)));
    expect([item(hiring).spentMs, item(pricing).spentMs]).toEqual([undefined, undefined]);
    unwrap(discussItem(doc, hiring, ana(610)));
    expect(timerElapsedMs(readMeeting(doc).timer!, at(615).getTime())).toBe(5_000);
  });

  it('two facilitators moving on from the same timer at once leave the item one of their two times, never a sum, on every replica', () => {
    const { doc, scorecard, hiring, pricing } = agenda();
    unwrap(startMeeting(doc, ana()));
    unwrap(discussItem(doc, scorecard, ana(0)));
    const other = replicaOf(doc);
    // Their clocks say 40 s and 42 s.
    unwrap(discussItem(doc, hiring, ana(40)));
    unwrap(discussItem(other, pricing, { by: 'Ben', now: at(42) }));
    sync(doc, other);
    sync(other, doc);
    const kept = [doc, other].map((replica) => workspaceToJson(replica).agenda[scorecard]!.spentMs);
    expect(kept[0]).toBe(kept[1]);
    expect([40_000, 42_000]).toContain(kept[0]);
  });

  it('a meeting started with an item already under discussion counts its time only since it was taken up, not last meeting’s', () => {
    const { doc, hiring } = agenda();
    unwrap(startMeeting(doc, ana()));
    unwrap(discussItem(doc, hiring, ana(0)));
    unwrap(endMeeting(doc, ana(420)));
    // Next week: "Discuss now" before "Start meeting".
    unwrap(discussItem(doc, hiring, ana(7 * 86_400)));
    unwrap(startMeeting(doc, ana(7 * 86_400 + 5)));
    expect(readMeeting(doc).currentItem).toBe(hiring);
    expect(timerElapsedMs(readMeeting(doc).timer!, at(7 * 86_400 + 25).getTime())).toBe(25_000);
  });

  it('refuses to discuss an item with an outcome until it is reopened, so no decision is dropped', () => {
    const { doc, hiring } = agenda();
    unwrap(decideItem(doc, hiring, null, ana()));
    expect(discussItem(doc, hiring, ana(1))).toEqual({ ok: false, error: { code: 'conflict', message: '“Hiring plan” has an outcome: reopen it before discussing it again.' } });
    expect(state(doc, hiring)).toBe('decided');
  });

  it('keeps an item already under discussion when the meeting starts, and sends it back to open when the meeting ends', () => {
    const { doc, hiring } = agenda();
    unwrap(discussItem(doc, hiring, ana(0)));
    unwrap(startMeeting(doc, ana(30)));
    expect(readMeeting(doc)).toMatchObject({ currentItem: hiring, timer: { item: hiring, runningSince: at(0).toISOString() } });
    unwrap(endMeeting(doc, ana(90)));
    expect(state(doc, hiring)).toBe('open');
  });

  it('sends back to open an item left discussing by a race between two facilitators, at the next discussion', () => {
    const { doc: first, hiring, pricing, scorecard } = agenda();
    const second = replicaOf(first);
    unwrap(discussItem(first, hiring, ana(5)));
    unwrap(discussItem(second, pricing, { by: 'Ben', now: at(6) }));
    sync(first, second);
    sync(second, first);
    unwrap(discussItem(first, scorecard, ana(60)));
    expect([state(first, hiring), state(first, pricing), state(first, scorecard)]).toEqual(['open', 'open', 'discussing']);
  });

  it('reads any malformed meeting value as its default, never throwing', () => {
    const doc = newWorkspace();
    const meeting = doc.getMap('meeting');
    meeting.set('status', 'partying');
    meeting.set('currentItem', 42);
    meeting.set('timer', { item: 'x', runningSince: 'yesterday', spentMs: -5 });
    meeting.set('votesRevealed', 'yes');
    meeting.set('highlight', { subject: 'everything' });
    meeting.set('endSnapshot', { id: 7, startedAt: 'yesterday' });
    expect(readMeeting(doc)).toEqual({
      status: 'idle',
      startedAt: null,
      endedAt: null,
      currentItem: null,
      timer: { item: 'x', runningSince: null, runningMs: null, spentMs: 0 },
      votesRevealed: false,
      highlight: null,
      endSnapshot: null,
    });
    meeting.set('endSnapshot', { id: 's_1', startedAt: 'yesterday' });
    expect(readMeeting(doc).endSnapshot).toEqual({ id: 's_1', startedAt: null });
    meeting.set('timer', new Y.Map());
    expect(readMeeting(doc).timer).toBeNull();
  });

  it('[U104] the export carries the meeting-end snapshot the server named, as the meeting stores it', () => {
    const doc = newWorkspace();
    startMeeting(doc, ana());
    endMeeting(doc, ana(60));
    markMeetingEndSnapshot(doc, { id: 's_1', startedAt: at(0).toISOString() });
    expect(workspaceToJson(doc).meeting?.endSnapshot).toEqual({ id: 's_1', startedAt: at(0).toISOString() });
  });

  it('marks an item standing and back', () => {
    const { doc, hiring } = agenda();
    unwrap(updateAgendaItem(doc, hiring, { standing: true }));
    expect(workspaceToJson(doc).agenda[hiring]!.standing).toBe(true);
  });
});
