import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAgendaItem } from '../../../shared/schema/agenda-accessors';
import { addAction } from '../../../shared/schema/agenda-actions';
import { readAgenda } from '../../../shared/schema/agenda-read';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { readWorkspaceView } from '../../../shared/schema/workspace-view';
import { addNode } from '../../../shared/tree/tree-ops';
import { documentOwners, filterAgenda, isOwner, offersHandshake, ownerSuggestions } from '../../../client/state/ownership';

describe('owners are people', () => {
  it('[A14] compares names as people write them: case, outer and doubled spaces aside; an empty owner is nobody', () => {
    expect(isOwner('  chen   WU ', 'Chen Wu')).toBe(true);
    expect(isOwner('Chen', 'Chen Wu')).toBe(false);
    expect(isOwner(null, '')).toBe(false);
    expect(isOwner('', '')).toBe(false);
  });

  it('[A13] suggests each name once, the first spelling kept, in alphabetical order', () => {
    expect(ownerSuggestions([['Chen Wu', 'Ana Diaz'], ['chen wu', ' Ben  Okafor '], ['', 'Ana diaz']])).toEqual(['Ana Diaz', 'Ben Okafor', 'Chen Wu']);
  });

  it('[A13] reads every owner already written: nodes, KPIs, agenda items and their actions, archived nodes aside', () => {
    const doc = new Y.Doc();
    unwrap(addNode(doc, { kind: 'intent', title: 'Grow', parent: null, owner: 'Dana' }));
    unwrap(createKpi(doc, { name: 'NRR', unit: '%', direction: 'increase', baseline: 100, target: 110, owner: 'Ravi' }));
    const item = unwrap(createAgendaItem(doc, { title: 'Hiring', timeboxMin: 10 }));
    unwrap(addAction(doc, item, { text: 'Post the role', owner: 'Lee', due: null }));
    expect(documentOwners(readWorkspaceView(doc), readAgenda(doc)).sort()).toEqual(['Dana', 'Lee', 'Ravi']);
  });

  it('[A15] offers the dependency handshake to the upstream owner and the facilitators only', () => {
    expect(offersHandshake('Lee Park', { name: 'lee park', role: 'editor' })).toBe(true);
    expect(offersHandshake('Lee Park', { name: 'Ben Okafor', role: 'editor' })).toBe(false);
    expect(offersHandshake(null, { name: 'Ben Okafor', role: 'editor' })).toBe(false);
    expect(offersHandshake('Lee Park', { name: 'Ana Diaz', role: 'facilitator' })).toBe(true);
    expect(offersHandshake('Vic', { name: 'Vic', role: 'viewer' })).toBe(false);
  });

  it('[A14] "My items" keeps the items I own; "My actions" those holding an action of mine', () => {
    const doc = new Y.Doc();
    const mine = unwrap(createAgendaItem(doc, { title: 'Mine', timeboxMin: 10, owner: 'Chen Wu' }));
    const withAction = unwrap(createAgendaItem(doc, { title: 'Theirs', timeboxMin: 10, owner: 'Ana' }));
    unwrap(createAgendaItem(doc, { title: 'Nobody’s', timeboxMin: 10 }));
    unwrap(addAction(doc, withAction, { text: 'Call the bank', owner: 'chen wu', due: null }));
    const items = readAgenda(doc);
    expect(filterAgenda(items, 'all', 'Chen Wu')).toHaveLength(3);
    expect(filterAgenda(items, 'my-items', 'Chen Wu').map((item) => item.id)).toEqual([mine]);
    expect(filterAgenda(items, 'my-actions', 'Chen Wu').map((item) => item.id)).toEqual([withAction]);
  });
});
