import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTriagePolicy } from '../../../../shared/pivot/triage-policy';
import { makeFinding } from '../../../../shared/rules/finding';
import { createAgendaItem, setDecision } from '../../../../shared/schema/agenda-accessors';
import { decideItem, deferItem, reopenItem, resolveItem } from '../../../../shared/schema/agenda-outcomes';
import { changedSinceDecided, decidedDecisions, decisionText, readAgendaItem } from '../../../../shared/schema/agenda-read';
import { discussItem, readMeeting, startMeeting } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { addKpi, day, newWorkspace, NOW } from '../../support/workspace-fixtures';
import { formatDate } from '../../../../shared/rules/format';
import { parseDay } from '../../../../shared/schema/utc-dates';

const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const ana = (now = NOW) => ({ by: 'Ana', now });

/** A triage item on a KPI holding a red and an amber finding. */
function triaged(): { doc: Y.Doc; id: string } {
  const doc = newWorkspace();
  const kpi = addKpi(doc, { name: 'Cloud cost saving' });
  const findings = [
    makeFinding('kpi-threshold', { type: 'kpi', id: kpi }, 'red', 'Cloud cost saving is 22% behind plan', {}),
    makeFinding('kpi-trend', { type: 'kpi', id: kpi }, 'amber', 'Cloud cost saving moved the wrong way 3 times', {}),
  ];
  applyTriagePolicy(doc, readWorkspaceView(doc), findings, NOW, 'rules');
  return { doc, id: `triage:kpi:${kpi}` };
}
const item = (doc: Y.Doc, id: string) => workspaceToJson(doc).agenda[id]!;
const log = (doc: Y.Doc) => workspaceToJson(doc).log.filter((entry) => entry.kind !== 'pivot');

describe('T8 outcomes record what the room accepted, and when', () => {
  it('[U95] decides with the worst finding accepted, the time, an optional revisit date and the decision in the log, the item named in curly quotes', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, id, 'Buy the reserved instances this week.'));
    unwrap(decideItem(doc, id, day(30), ana(later(5))));
    expect(item(doc, id)).toMatchObject({ state: 'decided', acceptedSeverity: 'red', outcomeAt: later(5).toISOString(), revisitOn: day(30) });
    expect(log(doc)).toEqual([
      { at: later(5).toISOString(), kind: 'decision', by: 'Ana', text: 'Decided on “Cloud cost saving”: Buy the reserved instances this week.', ref: id },
    ]);
  });

  it('[U95] defers only with a revisit date after today, and logs the date, the item named in curly quotes', () => {
    const { doc, id } = triaged();
    expect(deferItem(doc, id, '', ana())).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(deferItem(doc, id, day(0), ana())).toEqual({ ok: false, error: { code: 'invalid', message: `The revisit date must be after today (${formatDate(parseDay(day(0))!)}).` } });
    expect(deferItem(doc, id, day(-3), ana())).toMatchObject({ ok: false });
    expect(item(doc, id).state).toBe('open');
    unwrap(deferItem(doc, id, day(7), ana()));
    expect(item(doc, id)).toMatchObject({ state: 'deferred', revisitOn: day(7), acceptedSeverity: 'red' });
    expect(log(doc).at(-1)).toMatchObject({ kind: 'deferral', text: 'Deferred “Cloud cost saving” until 24 Nov 2025.' });
  });

  it('[U95] resolves and reopens, each logged with the item named in curly quotes, keeping the decision text', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, id, 'Fixed by the RI purchase'));
    unwrap(resolveItem(doc, id, ana(later(1))));
    unwrap(reopenItem(doc, id, ana(later(2))));
    expect(item(doc, id)).toMatchObject({ state: 'open', decision: 'Fixed by the RI purchase' });
    expect(log(doc).map((entry) => [entry.kind, entry.text])).toEqual([
      ['resolution', 'Resolved “Cloud cost saving”.'],
      ['reopen', 'Ana reopened “Cloud cost saving”.'],
    ]);
  });

  it('accepts nothing on a review item, which has no findings', () => {
    const doc = newWorkspace();
    const id = unwrap(createAgendaItem(doc, { title: 'Hiring plan' }));
    unwrap(decideItem(doc, id, null, ana()));
    expect(item(doc, id)).toMatchObject({ state: 'decided', acceptedSeverity: null, outcomeAt: NOW.toISOString() });
  });

  it('[T6] takes the item it settles out of discussion, keeping the time spent on it', () => {
    for (const settle of [
      (doc: Y.Doc, id: string) => decideItem(doc, id, null, ana(later(4))),
      (doc: Y.Doc, id: string) => deferItem(doc, id, '2099-01-01', ana(later(4))),
      (doc: Y.Doc, id: string) => resolveItem(doc, id, ana(later(4))),
    ]) {
      const { doc, id } = triaged();
      unwrap(discussItem(doc, id, ana()));
      unwrap(settle(doc, id));
      expect(readMeeting(doc)).toMatchObject({ currentItem: null, timer: null });
      expect(item(doc, id)).toMatchObject({ spentMs: 4 * 60_000 });
    }
  });

  it('[T6] an undone outcome keeps the time spent on the item: a person undoes the outcome, not the meeting', () => {
    const { doc, id } = triaged();
    // As the client's undo tracks a person's edits (transactions with no origin).
    const undo = new Y.UndoManager([doc.getMap('agenda')]);
    unwrap(discussItem(doc, id, ana()));
    undo.stopCapturing();
    unwrap(decideItem(doc, id, null, ana(later(4))));
    undo.undo();
    expect(item(doc, id)).toMatchObject({ state: 'discussing', spentMs: 4 * 60_000 });
    expect(readMeeting(doc)).toMatchObject({ currentItem: null, timer: null });
  });

  it('[T6] leaves the item under discussion alone when another is settled', () => {
    const { doc, id } = triaged();
    const other = unwrap(createAgendaItem(doc, { title: 'Hiring plan' }));
    unwrap(discussItem(doc, id, ana()));
    unwrap(decideItem(doc, other, null, ana(later(4))));
    expect(readMeeting(doc)).toMatchObject({ currentItem: id, timer: { item: id } });
  });

  it('answers not-found for an unknown item or one a writer broke', () => {
    const { doc } = triaged();
    doc.getMap('agenda').set('broken', 'not an item' as never);
    for (const id of ['nope', 'broken']) {
      expect(decideItem(doc, id, null, ana())).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(resolveItem(doc, id, ana())).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
  });
});

describe('U108 a decision taken is the record, whatever its box holds afterwards', () => {
  const view = (doc: Y.Doc, id: string) => readAgendaItem(id, doc.getMap('agenda').get(id))!;

  it('[U108] deciding keeps the text it logs on the item, in the transaction of the outcome; typing in the box afterwards leaves it as decided', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, id, '  Buy the reserved instances this week.\n'));
    const changedTogether: string[][] = [];
    const entry = doc.getMap('agenda').get(id);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) if (type === entry) changedTogether.push([...keys].filter((key): key is string => key !== null).sort());
    });
    unwrap(decideItem(doc, id, null, ana(later(5))));
    expect(changedTogether[0]).toEqual(expect.arrayContaining(['state', 'outcomeAt', 'decidedText', 'decidedAt']));
    expect(item(doc, id)).toMatchObject({ decidedText: 'Buy the reserved instances this week.', decidedAt: later(5).toISOString(), outcomeAt: later(5).toISOString() });
    // What a stock client, a tab of the release before or typing in flight can still do to the box.
    unwrap(setDecision(doc, id, 'Wait for the January invoice.'));
    expect(view(doc, id).decidedText).toBe('Buy the reserved instances this week.');
    expect(decisionText(view(doc, id))).toBe('Buy the reserved instances this week.');
  });

  it('[U108] Reopen forgets the decided text and the box is the decision again; deciding again keeps the new text; deferring or resolving keeps none', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, id, 'Buy the reserved instances.'));
    unwrap(decideItem(doc, id, null, ana(later(1))));
    unwrap(reopenItem(doc, id, ana(later(2))));
    expect(item(doc, id)).not.toHaveProperty('decidedText');
    expect(item(doc, id)).not.toHaveProperty('decidedAt');
    unwrap(setDecision(doc, id, 'Move to spot instances.'));
    expect(decisionText(view(doc, id))).toBe('Move to spot instances.');
    unwrap(decideItem(doc, id, null, ana(later(3))));
    expect(view(doc, id).decidedText).toBe('Move to spot instances.');
    expect(log(doc).at(-1)!.text).toBe('Decided on “Cloud cost saving”: Move to spot instances.');
    unwrap(deferItem(doc, id, day(7), ana(later(4))));
    expect(item(doc, id)).not.toHaveProperty('decidedText');
    unwrap(decideItem(doc, id, null, ana(later(5))));
    unwrap(resolveItem(doc, id, ana(later(6))));
    expect(item(doc, id)).not.toHaveProperty('decidedText');
  });

  it('[U108] [T4] [T6] the rules reopening a decided item, and a meeting reopening a standing one, forget its decided text as a Reopen does', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, id, 'Buy the reserved instances.'));
    unwrap(decideItem(doc, id, null, ana(later(1))));
    const kpi = id.split(':')[2]!;
    const stale = makeFinding('kpi-stale', { type: 'kpi', id: kpi }, 'amber', 'Cloud cost saving has no reading this week', {});
    applyTriagePolicy(doc, readWorkspaceView(doc), [stale], later(2), 'rules');
    expect(item(doc, id)).toMatchObject({ state: 'open' });
    expect(item(doc, id)).not.toHaveProperty('decidedText');
    const standing = unwrap(createAgendaItem(doc, { title: 'Scorecard', standing: true }));
    unwrap(decideItem(doc, standing, null, ana(later(3))));
    unwrap(startMeeting(doc, ana(later(4))));
    expect(item(doc, standing)).toMatchObject({ state: 'open' });
    expect(item(doc, standing)).not.toHaveProperty('decidedText');
  });

  it('[U108] an item the release before decided, or decided again after its Reopen, reads its box as that release did', () => {
    const { doc, id } = triaged();
    const entry = doc.getMap('agenda').get(id) as Y.Map<unknown>;
    // As the release before decides: the outcome's fields, no decided text.
    doc.transact(() => {
      entry.set('state', 'decided');
      entry.set('outcomeAt', later(1).toISOString());
    });
    unwrap(setDecision(doc, id, 'Edited after the decision'));
    expect(view(doc, id).decidedText).toBeNull();
    expect(decisionText(view(doc, id))).toBe('Edited after the decision');
    // This release decides; a tab of the release before reopens (leaving the decided text) and decides another text.
    unwrap(reopenItem(doc, id, ana(later(2))));
    unwrap(decideItem(doc, id, null, ana(later(3))));
    expect(view(doc, id).decidedText).toBe('Edited after the decision');
    entry.set('state', 'open');
    unwrap(setDecision(doc, id, 'The second decision'));
    doc.transact(() => {
      entry.set('state', 'decided');
      entry.set('outcomeAt', later(4).toISOString());
    });
    expect(view(doc, id).decidedText).toBeNull();
    expect(decisionText(view(doc, id))).toBe('The second decision');
  });

  it('[U108] what a decided box was changed to since the decision is told apart from the decision; spaces around it are no change, an emptied box is, and an item with no decided text has none', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, id, 'Buy the reserved instances.'));
    unwrap(decideItem(doc, id, null, ana(later(1))));
    expect(changedSinceDecided(view(doc, id))).toBeNull();
    unwrap(setDecision(doc, id, '  Buy the reserved instances.\n'));
    expect(changedSinceDecided(view(doc, id))).toBeNull();
    unwrap(setDecision(doc, id, 'Wait for the January invoice.'));
    expect(changedSinceDecided(view(doc, id))).toBe('Wait for the January invoice.');
    unwrap(setDecision(doc, id, ''));
    expect(changedSinceDecided(view(doc, id))).toBe('');
    // Reopened, the box is the decision again; decided by the release before (no decided text), too.
    unwrap(reopenItem(doc, id, ana(later(2))));
    expect(changedSinceDecided(view(doc, id))).toBeNull();
    (doc.getMap('agenda').get(id) as Y.Map<unknown>).set('state', 'decided');
    expect(changedSinceDecided(view(doc, id))).toBeNull();
  });

  it('[U108] the decision boxes locked are those of the decided items, whatever else a writer stored', () => {
    const { doc, id } = triaged();
    unwrap(setDecision(doc, unwrap(createAgendaItem(doc, { title: 'Hiring plan' })), 'Still open'));
    const broken = unwrap(createAgendaItem(doc, { title: 'Office move' }));
    for (const decided of [id, broken]) unwrap(decideItem(doc, decided, null, ana()));
    (doc.getMap('agenda').get(broken) as Y.Map<unknown>).set('decision', 'a string, not a shared text');
    doc.getMap('agenda').set('junk', 'no item' as never);
    expect([...decidedDecisions(doc)]).toEqual([(doc.getMap('agenda').get(id) as Y.Map<unknown>).get('decision')]);
    unwrap(reopenItem(doc, id, ana()));
    expect(decidedDecisions(doc).size).toBe(0);
  });

  it('[U108] [H1] a decided text of the wrong type, or one whose tie to the decision is broken, is none: the box is read', () => {
    for (const [decidedText, decidedAt] of [[42, 'same'], [new Y.Map(), 'same'], [new Y.Text('Y text'), 'same'], [null, 'same'], ['Kept', 7], ['Kept', new Y.Map()]] as const) {
      const { doc, id } = triaged();
      unwrap(setDecision(doc, id, 'In the box'));
      unwrap(decideItem(doc, id, null, ana(later(1))));
      const entry = doc.getMap('agenda').get(id) as Y.Map<unknown>;
      entry.set('decidedText', decidedText);
      entry.set('decidedAt', decidedAt === 'same' ? later(1).toISOString() : decidedAt);
      expect(view(doc, id).decidedText, String(decidedText)).toBeNull();
      expect(decisionText(view(doc, id))).toBe('In the box');
    }
  });
});
