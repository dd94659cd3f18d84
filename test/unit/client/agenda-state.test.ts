import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAgendaItem, writeAgendaItem } from '../../../shared/schema/agenda-accessors';
import { setVote } from '../../../shared/schema/agenda-actions';
import { decideItem, deferItem } from '../../../shared/schema/agenda-outcomes';
import { readAgendaItem } from '../../../shared/schema/agenda-read';
import { unwrap } from '../../../shared/schema/op-result';
import { agendaMap } from '../../../shared/schema/root-types';
import type { StoredFinding } from '../../../shared/schema/types';
import { triageItemFields } from '../../../shared/pivot/triage-item';
import type { Finding } from '../../../shared/rules/finding';
import { acceptedLabel, agendaSequence, dotsLeft, revisitLabel, severityBadge, shownFindings, undecidedFirst } from '../../../client/state/agenda-state';
import { clock } from '../../../shared/schema/meeting';

const NOW = new Date('2026-03-10T12:00:00Z');
const ID = 'triage:kpi:k1';
const SUBJECT = { type: 'kpi', id: 'k1' } as const;

function stored(severity: 'red' | 'amber', since: string, message = 'NRR is 27.2% behind target'): StoredFinding {
  return { rule: 'kpi-threshold', severity, message, evidence: { actual: 80 }, since };
}

function triageDoc(findings: Record<string, StoredFinding>): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => writeAgendaItem(doc, ID, triageItemFields(SUBJECT, 'Net revenue retention', 'red', 1), new Map(Object.entries(findings))));
  return doc;
}

const item = (doc: Y.Doc, id = ID) => readAgendaItem(id, agendaMap(doc).get(id))!;

describe('agenda-state', () => {
  it('gives back the dots on items the room has settled, so the next meeting opens with a full budget', () => {
    const doc = new Y.Doc();
    const hiring = unwrap(createAgendaItem(doc, { title: 'Hiring plan' }));
    const pricing = unwrap(createAgendaItem(doc, { title: 'Pricing' }));
    unwrap(setVote(doc, hiring, 'p-ana', 2));
    unwrap(setVote(doc, pricing, 'p-ana', 1));
    const agenda = () => [item(doc, hiring), item(doc, pricing)];
    expect(dotsLeft(agenda(), 'p-ana')).toBe(0);
    unwrap(decideItem(doc, hiring, null, { by: 'Ana', now: NOW }));
    expect(dotsLeft(agenda(), 'p-ana')).toBe(2);
    expect(item(doc, hiring).votes).toEqual({ 'p-ana': 2 });
    expect(dotsLeft(agenda(), 'p-ben')).toBe(3);
  });

  it('reads a decided red as accepted until its revisit date, or accepted without one', () => {
    const doc = triageDoc({ 'kpi-threshold:kpi:k1': stored('red', '2026-03-10T09:00:00Z') });
    expect(acceptedLabel(item(doc), NOW)).toBeNull();
    unwrap(decideItem(doc, ID, '2026-12-05', { by: 'Ana', now: NOW }));
    expect(acceptedLabel(item(doc), NOW)).toBe('Accepted until 5 Dec 2026');
    unwrap(decideItem(doc, ID, null, { by: 'Ana', now: NOW }));
    expect(acceptedLabel(item(doc), NOW)).toBe('Accepted');
  });

  it('shows the alarm again once a finding is uncovered: new since the outcome, or its revisit date has come', () => {
    const doc = triageDoc({ 'kpi-threshold:kpi:k1': stored('red', '2026-03-10T09:00:00Z') });
    unwrap(deferItem(doc, ID, '2026-03-12', { by: 'Ana', now: NOW }));
    expect(acceptedLabel(item(doc), NOW)).toBe('Accepted until 12 Mar 2026');
    expect(acceptedLabel(item(doc), new Date('2026-03-12T08:00:00Z'))).toBeNull();
    const findings = agendaMap(doc).get(ID)!.get('findings') as Y.Map<StoredFinding>;
    findings.set('kpi-stale:kpi:k1', stored('amber', '2026-03-10T13:00:00Z', 'NRR has no reading for 11 days'));
    expect(acceptedLabel(item(doc), new Date('2026-03-10T14:00:00Z'))).toBeNull();
  });

  it('gives review topics their return date instead of an acceptance', () => {
    const doc = new Y.Doc();
    const id = unwrap(createAgendaItem(doc, { title: 'Pricing page' }));
    unwrap(deferItem(doc, id, '2026-03-17', { by: 'Ana', now: NOW }));
    expect(acceptedLabel(item(doc, id), NOW)).toBeNull();
    expect(revisitLabel(item(doc, id))).toBe('Back on 17 Mar 2026');
  });

  it('shows every stored finding worst first, preferring the live one with the same key', () => {
    const doc = triageDoc({
      'kpi-stale:kpi:k1': stored('amber', '2026-03-09T09:00:00Z', 'stale'),
      'kpi-threshold:kpi:k1': stored('red', '2026-03-10T09:00:00Z', 'stored sentence'),
    });
    const live: Finding = { key: 'kpi-threshold:kpi:k1', rule: 'kpi-threshold', subject: SUBJECT, severity: 'red', message: 'live sentence', evidence: {} };
    expect(shownFindings(item(doc), [live]).map((finding) => finding.message)).toEqual(['live sentence', 'stale']);
  });

  it('formats timers as minutes and seconds', () => {
    expect(clock(760_000)).toBe('12:40');
    expect(clock(-5)).toBe('0:00');
  });

  it('[T2] lists the items still to decide before those decided or deferred, each in the order it came', () => {
    const doc = new Y.Doc();
    const ids = ['a', 'b', 'c', 'd'].map((title) => unwrap(createAgendaItem(doc, { title })));
    unwrap(decideItem(doc, ids[0]!, null, { by: 'Ana', now: NOW }));
    unwrap(deferItem(doc, ids[2]!, '2026-03-20', { by: 'Ana', now: NOW }));
    const ordered = undecidedFirst(ids.map((id) => item(doc, id)));
    expect(ordered.map((entry) => entry.title)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('[T2][U63] reads the whole agenda as the Agenda lists it: triage, then review topics, by dots once revealed, still to decide first', () => {
    const doc = triageDoc({ 'kpi-threshold:kpi:k1': stored('amber', '2026-03-01T00:00:00Z') });
    const [a, b, c] = ['a', 'b', 'c'].map((title) => unwrap(createAgendaItem(doc, { title })));
    unwrap(setVote(doc, c!, 'p-ana', 2));
    unwrap(setVote(doc, b!, 'p-ana', 1));
    unwrap(decideItem(doc, b!, null, { by: 'Ana', now: NOW }));
    const all = [item(doc, a), item(doc, b), item(doc, c), item(doc)];
    const titles = (revealed: boolean) => agendaSequence(all, revealed).map((entry) => entry.title);
    expect(titles(false)).toEqual(['Net revenue retention', 'a', 'c', 'b']);
    expect(titles(true)).toEqual(['Net revenue retention', 'c', 'a', 'b']);
  });

  it('[T5][U65] shows a cleared triage item as cleared, not with the severity it last held', () => {
    const live = triageDoc({ 'kpi-threshold:kpi:k1': stored('red', '2026-03-01T00:00:00Z') });
    expect(severityBadge(item(live))).toBe('red');
    const cleared = triageDoc({});
    agendaMap(cleared).get(ID)!.set('cleared', true);
    expect(item(cleared).severity).toBe('red');
    expect(severityBadge(item(cleared))).toBe('cleared');
  });
});
