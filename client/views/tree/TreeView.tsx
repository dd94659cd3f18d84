import { createEffect, createMemo, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js';
import { restoreNode, archiveNode } from '../../../shared/tree/tree-ops';
import { archiveWithUndo } from '../../state/archive-with-undo';
import { addChild } from '../../state/tree-commands';
import { useWorkspace } from '../../state/workspace-context';
import { nodeName } from '../../../shared/rules/format';
import { KIND_LABEL } from '../../../shared/tree/node-kinds';
import { ArchivedList } from '../common/ArchivedList';
import { NodeInspector } from './NodeInspector';
import { TITLE_HELP_ID, TreeRow } from './TreeRow';
import './tree.css';
import { onPhone } from '../common/phone';

/** Rows drawn in the first frame; the rest follow in chunks so a large tree opens at once. */
const FIRST_ROWS = 60;
const ROWS_PER_FRAME = 80;

export interface RowInfo {
  id: string;
  depth: number;
  hasChildren: boolean;
}

/**
 * The objective tree as a keyboard-first outline. Rows are the visible nodes in depth-first
 * order; collapsing is this screen's own business and never written to the document.
 */
export function TreeView() {
  const ws = useWorkspace();
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = createSignal<string | null>(null);
  const rows = createMemo<RowInfo[]>(() => {
    const tree = ws.tree();
    const hidden = collapsed();
    const out: RowInfo[] = [];
    const walk = (ids: readonly string[], depth: number) => {
      for (const id of ids) {
        const children = tree.children.get(id) ?? [];
        out.push({ id, depth, hasChildren: children.length > 0 });
        if (!hidden.has(id)) walk(children, depth + 1);
      }
    };
    walk(tree.roots, 0);
    return out;
  });
  const rowIds = createMemo(() => rows().map((row) => row.id), undefined, {
    equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  });
  const [limit, setLimit] = createSignal(FIRST_ROWS);
  createEffect(() => {
    if (limit() >= rowIds().length) return;
    const frame = requestAnimationFrame(() => setLimit((n) => n + ROWS_PER_FRAME));
    onCleanup(() => cancelAnimationFrame(frame));
  });
  const shownIds = createMemo(() => (limit() >= rowIds().length ? rowIds() : rowIds().slice(0, limit())));
  const rowInfo = createMemo(() => new Map(rows().map((row) => [row.id, row])));
  const selected = createMemo(() => {
    const id = ws.nav.selection();
    return id !== null && ws.tree().parentOf.has(id) ? id : null;
  });
  // A node selected from elsewhere (search, a finding, the person followed) is revealed: the
  // branches folded above it open, so the selection is never a row nobody can see.
  createEffect(() => {
    ws.nav.visits();
    const id = selected();
    if (id === null) return;
    const parentOf = ws.tree().parentOf;
    const folded = untrack(collapsed);
    const above: string[] = [];
    for (let parent = parentOf.get(id) ?? null; parent !== null; parent = parentOf.get(parent) ?? null) if (folded.has(parent)) above.push(parent);
    if (above.length === 0) return;
    setCollapsed((current) => new Set([...current].filter((folder) => !above.includes(folder))));
  });
  // On a phone the details are a sheet over the lower half of the screen, open again for each
  // new selection; the selected row is scrolled above it (its scroll-margin-bottom is the sheet's
  // height), as a row tapped low on the screen would otherwise be under the details it opened.
  const [folded, setFolded] = createSignal(false);
  createEffect(
    on(selected, (id) => {
      setFolded(false);
      if (id === null || !onPhone()) return;
      requestAnimationFrame(() => document.querySelector(`.tree-row[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' }));
    }),
  );
  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const focusRow = (id: string) => {
    ws.nav.select(id);
    setFocusId(id);
  };
  const moveSelection = (id: string, by: -1 | 1) => {
    const ids = rowIds();
    const next = ids[ids.indexOf(id) + by];
    if (next) focusRow(next);
  };
  // Where a keyboard lands once the last archived branch is restored (U59).
  let heading!: HTMLHeadingElement;
  const archivedNodes = createMemo(() =>
    [...ws.view().nodes.values()].filter((node) => node.archived).map((node) => ({ id: node.id, name: `${nodeName(node)} (${KIND_LABEL[node.kind]})` })),
  );
  const archive = (id: string) => {
    const title = ws.view().nodes.get(id)?.title ?? 'the item';
    const ids = rowIds();
    const neighbour = ids[ids.indexOf(id) - 1] ?? null;
    if (!archiveWithUndo(ws, title, () => archiveNode(ws.doc, id, ws.identity.name), () => restoreNode(ws.doc, id), () => ws.view().nodes.get(id)?.archived === true)) return;
    ws.flush();
    if (neighbour) focusRow(neighbour);
  };
  const addTop = () => {
    const id = ws.apply(addChild(ws.doc, ws.view(), null));
    ws.flush();
    if (id) focusRow(id);
  };
  return (
    <div class="tree-layout" classList={{ 'with-inspector': selected() !== null, 'inspector-folded': folded() }}>
      <section class="tree-panel" aria-label="Objective tree">
        <div class="panel-head">
          <h2 ref={heading} tabindex="-1">
            Objectives
          </h2>
          <p class="hint muted" id={TITLE_HELP_ID}>
            Enter adds a sibling. Tab makes it a child, Shift+Tab moves it out. ↑ ↓ move, Alt+↑ ↓ reorder, Ctrl+Delete archives. Escape then Tab leaves the tree.
          </p>
          <Show when={ws.canEdit}>
            <button type="button" onClick={addTop}>
              Add intent
            </button>
          </Show>
        </div>
        <Show when={rowIds().length > 0} fallback={<p class="empty muted">No objectives yet.</p>}>
          <div class="tree-columns" aria-hidden="true">
            <span>Item</span>
            <span />
            <span>Progress</span>
            <span>Owner</span>
            <span>Status</span>
            <span>Due</span>
          </div>
          <div class="tree" role="tree" aria-label="Objectives, key results and initiatives" data-testid="tree">
            <For each={shownIds()}>
              {(id) => (
                <TreeRow
                  id={id}
                  info={rowInfo().get(id) ?? { id, depth: 0, hasChildren: false }}
                  selected={selected() === id}
                  collapsed={collapsed().has(id)}
                  focusRequested={focusId() === id}
                  onFocused={() => setFocusId(null)}
                  onSelect={() => ws.nav.select(id)}
                  onSelectInline={() => {
                    const fresh = selected() !== id;
                    ws.nav.select(id);
                    // On a phone an editor setting an owner, a status or a date in a row just
                    // chosen needs the tree and the keyboard, not the details over half the
                    // screen: they open folded to their title. Details already open stay open.
                    if (fresh && ws.canEdit && onPhone()) setFolded(true);
                  }}
                  onToggle={() => toggle(id)}
                  onMoveSelection={(by) => moveSelection(id, by)}
                  onFocusRow={focusRow}
                  onArchive={() => archive(id)}
                />
              )}
            </For>
          </div>
        </Show>
        {/* The way back once the notice's Undo has gone, and for everyone else (C17): each archived branch by its top node. */}
        <ArchivedList
          summary="Archived"
          testid="archived-nodes"
          items={archivedNodes()}
          restore={(id) => restoreNode(ws.doc, id)}
          archive={(id) => archiveNode(ws.doc, id, ws.identity.name)}
          heading={() => heading}
        />
      </section>
      <Show when={selected()}>
        {(id) => <NodeInspector id={id()} onArchive={() => archive(id())} onAdded={focusRow} folded={folded()} onFold={setFolded} />}
      </Show>
    </div>
  );
}
