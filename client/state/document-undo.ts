import { createSignal, onCleanup } from 'solid-js';
import * as Y from 'yjs';
import { decidedDecisions } from '../../shared/schema/agenda-read';
import { agendaMap, depsMap, kpisMap, metaMap, nodesMap } from '../../shared/schema/root-types';
import type { UndoControls } from './workspace-state';

/**
 * Per-person undo (DESIGN §7): the UndoManager tracks only transactions without an origin,
 * which are this person's own edits; remote updates arrive with the provider as origin and
 * IndexedDB's with the persistence, so nobody undoes a colleague's work.
 *
 * A decided item's decision is the record (SPEC U108): typing in it before it was decided is
 * in this person's steps, and undoing them would change what the log quoted as decided while
 * the item stays decided. Each undo and redo first leaves those decisions out of every step.
 */
export function createUndo(doc: Y.Doc): UndoControls {
  const manager = new Y.UndoManager([metaMap(doc), nodesMap(doc), kpisMap(doc), depsMap(doc), agendaMap(doc)], {
    captureTimeout: 400,
  });
  const [canUndo, setCanUndo] = createSignal(false);
  const [canRedo, setCanRedo] = createSignal(false);
  const refresh = () => {
    setCanUndo(manager.undoStack.length > 0);
    setCanRedo(manager.redoStack.length > 0);
  };
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) manager.on(event, refresh);
  onCleanup(() => manager.destroy());
  return {
    canUndo,
    canRedo,
    undo: () => {
      sparingDecided(doc, manager.undoStack);
      manager.undo();
    },
    redo: () => {
      sparingDecided(doc, manager.redoStack);
      manager.redo();
    },
    separate: () => manager.stopCapturing(),
  };
}

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** Takes the characters of every decided item's decision out of `steps`, inserted or deleted. */
function sparingDecided(doc: Y.Doc, steps: Y.UndoManager['undoStack']): void {
  const locked: ReadonlySet<unknown> = decidedDecisions(doc);
  if (locked.size === 0) return;
  for (const step of steps) {
    step.insertions = without(doc, step.insertions, locked);
    step.deletions = without(doc, step.deletions, locked);
  }
}

/** `ranges` less the structs whose parent is one of `locked`, cut at struct boundaries. */
function without(doc: Y.Doc, ranges: DeleteSet, locked: ReadonlySet<unknown>): DeleteSet {
  const kept = Y.createDeleteSet();
  ranges.clients.forEach((spans, client) => {
    const structs = doc.store.clients.get(client);
    const keep: { clock: number; len: number }[] = [];
    const add = (clock: number, end: number) => {
      const last = keep.at(-1);
      if (last && last.clock + last.len === clock) last.len = end - last.clock;
      else keep.push({ clock, len: end - clock });
    };
    for (const { clock, len } of spans) {
      const end = clock + len;
      if (structs === undefined) {
        add(clock, end);
        continue;
      }
      for (let index = Y.findIndexSS(structs, clock); index < structs.length && structs[index]!.id.clock < end; index++) {
        const struct = structs[index]!;
        if (struct instanceof Y.Item && locked.has(struct.parent)) continue;
        add(Math.max(clock, struct.id.clock), Math.min(end, struct.id.clock + struct.length));
      }
    }
    if (keep.length > 0) kept.clients.set(client, keep as never);
  });
  return kept;
}
