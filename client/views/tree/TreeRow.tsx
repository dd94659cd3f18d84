import { createEffect, createMemo, For, Show } from 'solid-js';
import { nodeTitleText, storedNodeTitle, updateNode } from '../../../shared/schema/node-accessors';
import { nodeTitleProblems, titleOverCap } from '../../../shared/schema/node-fields';
import type { TextLimit } from '../../sync/text-binding';
import type { NodeView } from '../../../shared/schema/view-types';
import type { RolledUpHealth } from '../../../shared/rollup/rollups';
import { KIND_LABEL } from '../../../shared/tree/node-kinds';
import { addSiblingAfter, dropNode, indent, outdent, shiftAmongSiblings, type DropZone } from '../../state/tree-commands';
import { useWorkspace } from '../../state/workspace-context';
import { Avatar } from '../common/Avatar';
import { CollabText } from '../common/CollabText';
import { CommitInput } from '../common/CommitInput';
import { editingPresence } from '../common/editing-presence';
import { OWNER_NAMES_ID } from '../common/OwnerNames';
import { HealthBadge } from '../common/HealthBadge';
import { KindMenu } from './KindMenu';
import { leaveTree } from './leave-tree';
import { StatusSelect } from './StatusSelect';
import type { RowInfo } from './TreeView';

const DRAG_TYPE = 'application/x-throughline-node';
/** What in a row edits its node: the title (or the plain title an editor clicks to edit), kind, owner, status and due date. */
const ROW_FIELDS = 'input, textarea, select, .title-plain';

/**
 * A title typed or pasted past NODE_TITLE_MAX is refused (SPEC U72), as updateNode refuses it.
 * Only text that makes the title longer than it is: a title another writer stored longer still
 * takes the edits that shorten it.
 */
function titleLimit(notify: (problem: string) => void): TextLimit {
  return {
    // Longer in UTF-16 units: typing adds them, and counting characters of a title stored far
    // over the limit (megabytes, by another writer) at every keystroke would freeze the page.
    check: (value, stored) => (value.trim().length > stored.trim().length ? (nodeTitleProblems(value)[0] ?? null) : null),
    refused: (problem) => notify(`${problem} It is not saved; what you typed stays in the field until you shorten it.`),
  };
}
/** The one element (in TreeView) that tells a title field's user how its keys work. */
export const TITLE_HELP_ID = 'tree-title-help';

export interface TreeRowProps {
  id: string;
  info: RowInfo;
  selected: boolean;
  collapsed: boolean;
  focusRequested: boolean;
  onFocused: () => void;
  onSelect: () => void;
  /** Selects the row for a person tapping one of its own fields (owner, status, due date). */
  onSelectInline: () => void;
  onToggle: () => void;
  onMoveSelection: (by: -1 | 1) => void;
  onFocusRow: (id: string) => void;
  onArchive: () => void;
}

function sameNode(a: NodeView | undefined, b: NodeView | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (Object.keys(a) as (keyof NodeView)[]).every((key) => a[key] === b[key] || (key === 'value' && JSON.stringify(a.value) === JSON.stringify(b.value)));
}

/** One node of the outline: its title is the shared Y.Text, its fields commit on Enter or blur. */
export function TreeRow(props: TreeRowProps) {
  const ws = useWorkspace();
  const node = createMemo(() => ws.view().nodes.get(props.id), undefined, { equals: sameNode });
  // Every tree change hands each row a fresh info object; only a real change should touch the DOM.
  const info = createMemo(() => props.info, undefined, {
    equals: (a, b) => a.depth === b.depth && a.hasChildren === b.hasChildren,
  });
  const health = createMemo(() => ws.rollups()[props.id]?.health ?? 'green');
  const notJudged = createMemo(() => ws.rollups()[props.id]?.notJudged ?? 0);
  const progress = createMemo(() => ws.rollups()[props.id]?.progress ?? 0);
  // Read again with every view, not only when the row's own view changes: another writer may
  // replace the shared text with one of the same words, or store something else.
  const title = createMemo(() => {
    ws.view();
    return nodeTitleText(ws.doc, props.id);
  });
  const editors = () => ws.presence.editorsOf(props.id);
  const inImpact = () => ws.highlight()?.nodes.has(props.id) ?? false;
  let titleField: HTMLInputElement | HTMLTextAreaElement | undefined;
  let rowElement: HTMLDivElement | undefined;

  createEffect(() => {
    if (props.focusRequested && titleField) {
      titleField.focus();
      props.onFocused();
    }
  });

  const run = (result: ReturnType<typeof indent>) => {
    if (result) ws.apply(result);
    ws.flush();
    // The row re-renders at its new place; keep the caret with the node.
    props.onFocusRow(props.id);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // While an input method composes a word, ↑ ↓ pick among its candidates, Enter chooses one and
    // Escape drops it: the keys are the input method's, not the outline's (SPEC U93). keyCode 229
    // ("processed by the input method") also marks a key sent just after the composition ended,
    // as Safari sends the Enter that chose the word.
    if (event.isComposing || event.keyCode === 229) return;
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === 'ArrowUp' && event.altKey && ws.canEdit) run(shiftAmongSiblings(ws.doc, ws.tree(), props.id, -1));
    else if (event.key === 'ArrowDown' && event.altKey && ws.canEdit) run(shiftAmongSiblings(ws.doc, ws.tree(), props.id, 1));
    else if (event.key === 'ArrowUp') props.onMoveSelection(-1);
    else if (event.key === 'ArrowDown') props.onMoveSelection(1);
    else if (event.key === 'Enter' && ws.canEdit) {
      const id = ws.apply(addSiblingAfter(ws.doc, ws.view(), ws.tree(), props.id));
      ws.flush();
      if (id) props.onFocusRow(id);
    } else if (event.key === 'Tab' && ws.canEdit) run(event.shiftKey ? outdent(ws.doc, ws.tree(), props.id) : indent(ws.doc, ws.tree(), props.id));
    else if (event.key === 'Delete' && mod && ws.canEdit) props.onArchive();
    // Tab belongs to the outline here, so Escape leaves the title for the row, where Tab leaves the tree (SPEC U4).
    else if (event.key === 'Escape') rowElement?.focus();
    else return;
    event.preventDefault();
  };
  // Keys on the row itself (after Escape): Tab and Shift+Tab leave the tree, Enter edits the title again.
  const onRowKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const tree = rowElement?.closest('[role="tree"]');
    if (event.key === 'Tab' && tree) leaveTree(tree, event.shiftKey);
    else if (event.key === 'Enter' || event.key === 'F2') editTitle();
    else if (event.key === 'ArrowUp') props.onMoveSelection(-1);
    else if (event.key === 'ArrowDown') props.onMoveSelection(1);
    else return;
    event.preventDefault();
  };
  const name = (n: NodeView) => n.title || `Untitled ${KIND_LABEL[n.kind].toLowerCase()}`;
  /**
   * Puts the caret in the title. A title stored as another type than a shared text (any writer
   * can store one) is shown as plain text: editing it stores its words as a shared text first,
   * as any edit through `updateNode` would, and the row binds to that.
   */
  const editTitle = () => {
    const node = ws.view().nodes.get(props.id);
    if (ws.canEdit && node && !title()) {
      const stored = updateNode(ws.doc, props.id, { title: name(node) });
      ws.apply(stored);
      if (!stored.ok) return;
      // The row renders again with its field bound to the text: the caret goes there, as after a move.
      ws.flush();
      props.onFocusRow(props.id);
      return;
    }
    titleField?.focus();
  };

  const zoneOf = (event: DragEvent): DropZone => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const y = (event.clientY - box.top) / box.height;
    return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
  };
  const onDrop = (event: DragEvent) => {
    const dragged = event.dataTransfer?.getData(DRAG_TYPE);
    (event.currentTarget as HTMLElement).removeAttribute('data-drop');
    if (!dragged || !ws.canEdit) return;
    event.preventDefault();
    const result = dropNode(ws.doc, ws.tree(), dragged, props.id, zoneOf(event));
    if (result) ws.apply(result);
  };
  const setField = (patch: Parameters<typeof updateNode>[2]) => ws.attempt(updateNode(ws.doc, props.id, patch));
  // Someone in any of the row's fields (title, kind, owner, status, due date) shows on the row for
  // the others, so two people do not set one owner at once unawares: one "is editing" from their
  // first field to leaving the row (U101), where a publish per field made the avatar blink at each
  // move between them. The row itself (after Escape) and its fold button edit nothing, nor does a
  // viewer's focus.
  const editing = editingPresence(ws.presence, props.id);
  const onFocusIn = (event: FocusEvent) => {
    if (ws.canEdit && (event.target as Element).matches(ROW_FIELDS)) editing.enter();
    else editing.done();
  };

  return (
    <Show when={node()}>
      {(n) => (
        <div
          class="tree-row"
          role="treeitem"
          aria-level={info().depth + 1}
          aria-selected={props.selected}
          aria-expanded={info().hasChildren ? !props.collapsed : undefined}
          tabindex="-1"
          ref={(el) => (rowElement = el)}
          onKeyDown={onRowKeyDown}
          data-presence-of={props.id}
          onFocusIn={onFocusIn}
          onFocusOut={editing.leave}
          data-kind={n().kind}
          data-impact={inImpact() ? '' : undefined}
          data-testid="tree-row"
          data-id={props.id}
          style={{ '--depth': info().depth }}
          draggable={ws.canEdit}
          onClick={(event) => ((event.target as Element).closest('.owner, .status, .due') ? props.onSelectInline() : props.onSelect())}
          onDragStart={(event) => event.dataTransfer?.setData(DRAG_TYPE, props.id)}
          onDragOver={(event) => {
            if (!ws.canEdit) return;
            event.preventDefault();
            event.currentTarget.setAttribute('data-drop', zoneOf(event));
          }}
          onDragLeave={(event) => event.currentTarget.removeAttribute('data-drop')}
          onDrop={onDrop}
        >
          <button
            type="button"
            class="twisty"
            aria-label={props.collapsed ? `Expand ${name(n())}` : `Collapse ${name(n())}`}
            style={{ visibility: info().hasChildren ? 'visible' : 'hidden' }}
            onClick={(event) => {
              event.stopPropagation();
              props.onToggle();
            }}
          >
            {props.collapsed ? '▸' : '▾'}
          </button>
          <Show
            when={ws.canEdit && props.selected}
            fallback={
              <span class="kind-tag" data-kind={n().kind}>
                {KIND_LABEL[n().kind]}
              </span>
            }
          >
            <KindMenu id={props.id} kind={n().kind} label={`Kind of ${name(n())}`} class="kind-tag kind-menu" />
          </Show>
          {/* Keyed: the field binds to one shared text, and rebinds if another is stored in its place. A title of
              another type (any writer can store one) is shown as text, which an editor's click turns into a shared text. */}
          <Show
            when={title()}
            keyed
            fallback={
              <Show when={ws.canEdit} fallback={<span class="title-input title-plain">{name(n())}</span>}>
                <button
                  type="button"
                  class="title-input title-plain"
                  aria-label={`Edit ${KIND_LABEL[n().kind].toLowerCase()} title: ${name(n())}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    props.onSelect();
                    editTitle();
                  }}
                >
                  {name(n())}
                </button>
              </Show>
            }
          >
            {(text) => (
              <CollabText
                text={text}
                label={`${KIND_LABEL[n().kind]} title`}
                placeholder={`Name this ${KIND_LABEL[n().kind].toLowerCase()}`}
                describedBy={TITLE_HELP_ID}
                class="title-input"
                testId="node-title"
                title={titleOverCap(n().title) ? n().title : undefined}
                limit={titleLimit((problem) => ws.notices.notify(problem, { tone: 'error' }))}
                readOnly={!ws.canEdit}
                ref={(el) => (titleField = el)}
                onKeyDown={onKeyDown}
                onFocus={() => props.onSelect()}
                onBlur={() => {
                  // A title the person leaves empty is named rather than lost (DESIGN §3 accessors refuse an
                  // empty one). Only one empty as they leave it (an undo that empties it later is history,
                  // not leaving), and checked again a moment later: Tab and Enter move the row, which blurs
                  // the field, and give it focus back.
                  // The title as stored now, not this field's text: the field may be leaving because
                  // another writer stored a new title in place of the text it was bound to. Not the
                  // view either, which is read a moment after the last keystroke.
                  const stored = () => storedNodeTitle(ws.doc, props.id).trim();
                  if (stored() !== '') return;
                  setTimeout(() => {
                    // Read afresh: the row may be gone by now (collapsed, archived, moved by someone else).
                    const kind = ws.view().nodes.get(props.id)?.kind;
                    if (ws.canEdit && kind && document.activeElement !== titleField && stored() === '' && ws.tree().parentOf.has(props.id)) {
                      ws.apply(updateNode(ws.doc, props.id, { title: `Untitled ${KIND_LABEL[kind].toLowerCase()}` }));
                    }
                  });
                }}
              />
            )}
          </Show>
          <span class="row-meta">
            {/* C23: what the rolled-up health leaves out, beside it, so a green branch is not taken as all checked. */}
            <Show when={health() !== 'off' && notJudged() > 0}>
              <span class="not-judged-tag" data-testid="not-judged" title={`${notJudged()} not judged: threshold rule off`}>
                {notJudged()} not judged
              </span>
            </Show>
            <Show when={n().stage}>{(stage) => <span class="stage-tag" title="Initiative stage">{stage()}</span>}</Show>
            <Show when={n().confidence !== null}>
              <span class="confidence-tag" data-low={n().confidence! < 0.4 ? '' : undefined} title="Confidence">
                {Math.round(n().confidence! * 100)}% conf.
              </span>
            </Show>
            <Show when={n().team}>
              <span class="team-tag" title={`Team: ${n().team}`}>
                {n().team}
              </span>
            </Show>
          </span>
          <span class="editors">
            <For each={editors()}>{(peer) => <Avatar peer={peer} small suffix=" is editing this" />}</For>
          </span>
          {/* Not the status's words ("On track"…): beside the owner's status, the same words for the rolled-up health read as a contradiction. */}
          <HealthBadge health={health()} compact label={healthWords(health(), notJudged())} />
          <span class="progress" title="Progress (rolled up)">
            <span class="bar" aria-hidden="true">
              <span style={{ width: `${Math.round(progress() * 100)}%` }} />
            </span>
            <span class="pct">{Math.round(progress() * 100)}%</span>
          </span>
          <CommitInput
            class="owner"
            value={n().owner ?? ''}
            label={`Owner of ${name(n())}`}
            placeholder="Owner"
            readOnly={!ws.canEdit}
            list={OWNER_NAMES_ID}
            onCommit={(owner) => setField({ owner })}
          />
          <StatusSelect status={n().status} label={`Status of ${name(n())}`} disabled={!ws.canEdit} onPick={(status) => setField({ status })} />
          <CommitInput
            class="due"
            type="date"
            value={n().due ?? ''}
            label={`Due date of ${name(n())}`}
            readOnly={!ws.canEdit}
            onCommit={(due) => setField({ due: due || null })}
          />
        </div>
      )}
    </Show>
  );
}

/** The roll-up in words: never "Health green" for a branch nothing judged (C23). */
function healthWords(health: RolledUpHealth, notJudged: number): string {
  if (health === 'off') return 'Not judged: threshold rule off';
  const rolled = `Health ${health}, rolled up from its findings and the items under it`;
  return notJudged === 0 ? rolled : `${rolled}; ${notJudged} not judged: threshold rule off`;
}
