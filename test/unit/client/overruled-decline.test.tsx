import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { unwrap } from '../../../shared/schema/op-result';
import { acceptProposedDate, commitDependency, declineProposedDate } from '../../../shared/tree/dependency-handshake';
import { UnseenOverwriteWatch, type OverruledAnswer } from '../../../client/sync/unseen-overwrite-watch';
import { overruledSentence } from '../../../client/views/offline/overruled-sentence';
import { addDependency, addTreeNode, day, newWorkspace, NOW } from '../support/workspace-fixtures';

function replica(clientID: number, from: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from), 'provider');
  return doc;
}

/** A person's page: a watch over their replica, recording the overruled declines it would show. */
function page(doc: Y.Doc) {
  const awareness = new Awareness(doc);
  let shown: readonly OverruledAnswer[] = [];
  const watch = new UnseenOverwriteWatch(doc, awareness, `w${doc.clientID}`, () => false, () => {}, (overruled) => (shown = overruled));
  return { awareness, watch, shown: () => shown };
}

const deliver = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'provider');

describe('a decline overruled by an accept made at the same time, on the page of the person who declined', () => {
  afterEach(() => localStorage.clear());

  it('[U79] Ben, who declined, is told in words who accepted and that it stays accepted; Ana, who accepted, is told nothing', () => {
    const origin = newWorkspace();
    const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
    unwrap(commitDependency(origin, id, day(27), NOW));
    const ana = replica(5, origin);
    const ben = replica(1, origin);
    const anaPage = page(ana);
    const benPage = page(ben);
    unwrap(acceptProposedDate(ana, id, NOW));
    unwrap(declineProposedDate(ben, id));
    const anaPresence = new Awareness(ana);
    anaPresence.setLocalState({ user: { name: 'Ana Diaz' } });
    applyAwarenessUpdate(benPage.awareness, encodeAwarenessUpdate(anaPresence, [5]), 'provider');
    deliver(ben, ana);
    deliver(ana, ben);
    expect(anaPage.shown()).toEqual([]);
    expect(benPage.shown()).toEqual([{ dep: id, date: day(27), by: 5, author: { name: 'Ana Diaz', at: null } }]);
    expect(overruledSentence(benPage.shown()[0]!, 'Data platform → Billing launch', () => '10:00')).toBe(
      'Ana Diaz accepted the proposed date 14 Dec 2025 on ‘Data platform → Billing launch’ while you declined it; it stays accepted.',
    );
    benPage.watch.dismissOverruled(benPage.shown()[0]!);
    expect(benPage.shown()).toEqual([]);
  });

  it('[U79][U75] an accept made offline names its person and time once their presence arrives', () => {
    const origin = newWorkspace();
    const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
    unwrap(commitDependency(origin, id, day(27), NOW));
    const ana = replica(5, origin);
    const ben = replica(1, origin);
    const benPage = page(ben);
    unwrap(acceptProposedDate(ana, id, NOW));
    unwrap(declineProposedDate(ben, id));
    deliver(ana, ben);
    expect(benPage.shown()).toEqual([{ dep: id, date: day(27), by: 5, author: null }]);
    expect(overruledSentence(benPage.shown()[0]!, null, () => '10:00')).toBe('A colleague accepted the proposed date 14 Dec 2025 while you declined it; it stays accepted.');
    const at = Date.UTC(2025, 10, 17, 10, 0);
    const anaPresence = new Awareness(ana);
    anaPresence.setLocalState({ user: { name: 'Ana Diaz' }, offlineEdits: [{ edit: { root: 'deps', entry: id, field: 'proposedDate' }, client: 5, at }] });
    applyAwarenessUpdate(benPage.awareness, encodeAwarenessUpdate(anaPresence, [5]), 'provider');
    expect(benPage.shown()).toEqual([{ dep: id, date: day(27), by: 5, author: { name: 'Ana Diaz', at } }]);
    expect(overruledSentence(benPage.shown()[0]!, null, () => '10:00')).toBe('Ana Diaz, offline at 10:00, accepted the proposed date 14 Dec 2025 while you declined it; it stays accepted.');
  });

  it('[U79] Ben is told when Carl’s decline, kept over his by client id, reached his page before Ana’s accept; not once he had taken his back', () => {
    for (const undone of [false, true]) {
      const origin = newWorkspace();
      const id = addDependency(origin, { from: addTreeNode(origin), to: addTreeNode(origin), needBy: day(20) });
      unwrap(commitDependency(origin, id, day(27), NOW));
      const ana = replica(5, origin);
      const ben = replica(1, origin);
      const carl = replica(3, origin);
      const benPage = page(ben);
      const undo = new Y.UndoManager(ben.getMap('deps'), { captureTimeout: 0 });
      unwrap(declineProposedDate(ben, id));
      if (undone) undo.undo();
      unwrap(declineProposedDate(carl, id));
      unwrap(acceptProposedDate(ana, id, NOW));
      deliver(carl, ben);
      deliver(ana, ben);
      expect(benPage.shown()).toEqual(undone ? [] : [{ dep: id, date: day(27), by: 5, author: null }]);
      benPage.watch.destroy();
      localStorage.clear();
    }
  });

  it('[U79] the example sentence the sentence’s doc comment gives is the one it writes', () => {
    const source = readFileSync(join(process.cwd(), 'client/views/offline/overruled-sentence.ts'), 'utf8');
    const comment = /\/\*\*([\s\S]*?)\*\//.exec(source)![1]!.replace(/\n\s*\* ?/g, ' ');
    const example = /"([^"]+)"/.exec(comment)![1]!;
    expect(overruledSentence({ date: '2025-11-27', author: { name: 'Ben Ode', at: null } }, 'Data platform → Billing launch', () => '10:00')).toBe(example);
  });
});
