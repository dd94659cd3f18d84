import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUndo } from '../../../client/state/document-undo';
import { meetingMinutes } from '../../../shared/history/minutes';
import { createAgendaItem } from '../../../shared/schema/agenda-accessors';
import { decideItem, reopenItem } from '../../../shared/schema/agenda-outcomes';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { agendaMap, logArray } from '../../../shared/schema/root-types';
import { replaceText } from '../../../shared/schema/text-edit';
import { workspaceToJson } from '../../../shared/schema/to-json';
import { initWorkspace } from '../../../shared/schema/workspace';

const NOW = new Date('2026-12-07T10:00:00Z');
const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

/** Ana's and Ben's screens, each change relayed to the other as the provider does (origin: the remote). */
function twoScreens() {
  const ana = new Y.Doc();
  const ben = new Y.Doc();
  const relay = (from: Y.Doc, to: Y.Doc) => from.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(to, update, 'remote'));
  relay(ana, ben);
  relay(ben, ana);
  initWorkspace(ana, { title: 'Q4 review' });
  const created = createAgendaItem(ana, { title: 'Pricing' });
  const id = created.ok ? created.value : '';
  const benUndo = createRoot((dispose) => {
    disposers.push(dispose);
    return createUndo(ben);
  });
  // What Ben's decision box writes as he types (sync/text-binding): his own edit, origin null.
  const benTypes = (value: string) => {
    const text = (agendaMap(ben).get(id) as Y.Map<unknown>).get('decision') as Y.Text;
    ben.transact(() => replaceText(text, value, value.length));
  };
  const shown = () => {
    const json = workspaceToJson(ana);
    return { state: json.agenda[id]!.state, decision: json.agenda[id]!.decision, log: logArray(ana).toJSON().map((entry: { text: string }) => entry.text) };
  };
  return { ana, id, benUndo, benTypes, shown };
}

describe('the document undo and a decision taken (SPEC U108)', () => {
  it('[U108] Ben’s Ctrl+Z outside a field leaves the decision Ana took as the log and the minutes quote it', () => {
    const { ana, id, benUndo, benTypes, shown } = twoScreens();
    startMeeting(ana, { by: 'Ana Diaz', now: NOW });
    benTypes('Keep list prices for now');
    benUndo.separate();
    // Ben erases words before Ana decides: undoing that must not bring them back either.
    benTypes('Keep list prices');
    decideItem(ana, id, null, { by: 'Ana Diaz', now: NOW });
    const decided = shown();
    benUndo.undo();
    benUndo.undo();
    expect(shown()).toEqual(decided);
    expect(decided.decision).toBe('Keep list prices');
    expect(decided.log.join('\n')).toContain('Keep list prices');
    endMeeting(ana, { by: 'Ana Diaz', now: new Date(NOW.getTime() + 60_000) });
    expect(meetingMinutes(workspaceToJson(ana), null, NOW)).toContain('Keep list prices');
  });

  it('[U108][U5] once reopened, the decision box’s typing undoes from outside it again', () => {
    const { ana, id, benUndo, benTypes, shown } = twoScreens();
    decideItem(ana, id, null, { by: 'Ana Diaz', now: NOW });
    reopenItem(ana, id, { by: 'Ana Diaz', now: NOW });
    benTypes('Raise list prices');
    benUndo.undo();
    expect(shown().decision).toBe('');
  });
});
