import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { INITIATIVE_STAGES, type InitiativeStage } from '../../../shared/schema/constants';
import { nodeNotes, updateNode } from '../../../shared/schema/node-accessors';
import { confidenceNeedsNote, titleOverCap, type NodePatch } from '../../../shared/schema/node-fields';
import { checkStageMove, setStage } from '../../../shared/tree/initiative-stages';
import { KIND_LABEL } from '../../../shared/tree/node-kinds';
import { useWorkspace } from '../../state/workspace-context';
import { sameItems } from '../../../shared/schema/same-items';
import { CollabText } from '../common/CollabText';
import { editingPresence } from '../common/editing-presence';
import { CommitInput } from '../common/CommitInput';
import { OWNER_NAMES_ID } from '../common/OwnerNames';
import { KindMenu } from './KindMenu';
import { StatusSelect } from './StatusSelect';
import { StructureControls } from './StructureControls';
import { FindingList } from '../common/FindingList';

const STAGE_LABEL: Record<InitiativeStage, string> = {
  idea: 'Idea',
  identified: 'Identified',
  detailed: 'Detailed',
  approved: 'Approved',
  started: 'Started',
  effective: 'Effective',
  completed: 'Completed',
};

/**
 * The selected node's fields: owner, status, due date, team, review date, progress, weight,
 * confidence, stage, KPI, notes, findings, and buttons for the outline's keys. On a phone it is
 * a sheet over the lower half of the screen that folds to its title (`folded`).
 */
export function NodeInspector(props: { id: string; onArchive: () => void; onAdded: (id: string) => void; folded: boolean; onFold: (folded: boolean) => void }) {
  const ws = useWorkspace();
  const node = createMemo(() => ws.view().nodes.get(props.id));
  // Colleagues see the person editing the node on its tree row (U101), from a field of the panel
  // as from the row's own: not from its buttons (fold, add, archive), nor from a viewer's focus on
  // a field they cannot change. One panel serves whichever node is selected, so the presence is
  // made again for each: the last node's lets go as it goes.
  const editing = createMemo(() => editingPresence(ws.presence, props.id));
  const onFocusIn = (event: FocusEvent) => {
    if (ws.canEdit && (event.target as Element).matches('input, textarea, select')) editing().enter();
    else editing().done();
  };
  // The KPIs a node can be measured by: those not archived, by name. The one it is linked to stays
  // listed when archived since (a new link to an archived KPI is refused), marked as archived.
  const kpiIds = createMemo(
    () => {
      const { kpis, nodes } = ws.view();
      const linked = nodes.get(props.id)?.kpi ?? null;
      return [...kpis.values()]
        .filter((kpi) => !kpi.archived || kpi.id === linked)
        .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
        .map((kpi) => kpi.id);
    },
    [],
    { equals: sameItems },
  );
  const kpiLabel = (id: string) => {
    const kpi = ws.view().kpis.get(id);
    return kpi ? `${kpi.name}${kpi.archived ? ' (archived)' : ''}` : '';
  };
  const findings = () => ws.findingsBySubject().get(`node:${props.id}`) ?? [];
  const [pendingConfidence, setPendingConfidence] = createSignal<number | null>(null);
  const [note, setNote] = createSignal('');
  const set = (patch: NodePatch) => ws.attempt(updateNode(ws.doc, props.id, patch));
  /** How many items the progress is rolled up from, as the roll-up counts them (0: the node's own figure counts). */
  const rolledUpFrom = () => ws.rollups()[props.id]?.from ?? 0;
  // Read again with every view: an edit of notes stored as another type stores a shared text.
  const notes = createMemo(() => {
    ws.view();
    return nodeNotes(ws.doc, props.id);
  });
  let notesField: HTMLInputElement | HTMLTextAreaElement | undefined;
  /** Stores the words shown as a shared text; the field drawn for it takes the caret from the button that goes. */
  const editNotes = () => {
    ws.apply(updateNode(ws.doc, props.id, { notes: notes().words }));
    ws.flush();
    notesField?.focus();
  };
  // The panel stays as the selection moves: on a phone it is a sheet that scrolls, and another
  // node's details would open where the last one's were scrolled to, their title out of sight.
  let panel: HTMLElement | undefined;
  createEffect(on(() => props.id, () => panel?.scrollTo({ top: 0 }), { defer: true }));
  const number = (text: string) => (text.trim() === '' ? null : Number(text));

  const onConfidence = (text: string) => {
    const value = number(text);
    const next = value === null ? null : Math.min(1, Math.max(0, value / 100));
    // DESIGN §3: a lowered confidence needs a note; ask for it before writing anything.
    if (confidenceNeedsNote(node()?.confidence ?? null, next)) {
      setNote('');
      setPendingConfidence(next);
    } else set({ confidence: next });
  };
  const saveConfidence = (event: SubmitEvent) => {
    event.preventDefault();
    const result = updateNode(ws.doc, props.id, { confidence: pendingConfidence(), confidenceNote: note() });
    if (result.ok) setPendingConfidence(null);
    else ws.apply(result);
  };

  return (
    <Show when={node()}>
      {(n) => (
        <aside
          ref={(el) => (panel = el)}
          class="inspector"
          aria-label={`Details of ${n().title}`}
          data-testid="inspector"
          data-folded={props.folded ? '' : undefined}
          data-presence-of={props.id}
          onFocusIn={onFocusIn}
          onFocusOut={(event) => editing().leave(event)}
        >
          {/* Shown on phones only (tree.css): wider screens have the panel beside the tree. */}
          <button type="button" class="sheet-toggle small" aria-expanded={!props.folded} onClick={() => props.onFold(!props.folded)}>
            {props.folded ? 'Show details' : 'Hide details'}
          </button>
          <Show when={ws.canEdit} fallback={<p class="eyebrow">{KIND_LABEL[n().kind]}</p>}>
            <label class="field">
              <span>Kind</span>
              <KindMenu id={props.id} kind={n().kind} label="Kind" />
            </label>
          </Show>
          <h3 title={titleOverCap(n().title) ? n().title : undefined}>{n().title}</h3>
          {/* Under the title, not at the foot of a sheet that scrolls to its top with every new item they make. */}
          <Show when={ws.canEdit}>
            <StructureControls id={props.id} onAdded={props.onAdded} />
          </Show>
          <FindingList findings={findings()} />
          <div class="fields">
            {/* The row has these too, but Tab in a row's title indents it: here a keyboard reaches them (SPEC U16). */}
            <label class="field">
              <span>Owner</span>
              <CommitInput value={n().owner ?? ''} label="Owner" placeholder={ws.canEdit ? 'Who owns this' : 'Nobody yet'} readOnly={!ws.canEdit} list={OWNER_NAMES_ID} onCommit={(owner) => set({ owner })} />
            </label>
            <label class="field">
              <span>Status</span>
              <StatusSelect status={n().status} label="Status" disabled={!ws.canEdit} onPick={(status) => set({ status })} />
            </label>
            <label class="field">
              <span>Due date</span>
              <CommitInput type="date" value={n().due ?? ''} label="Due date" readOnly={!ws.canEdit} onCommit={(due) => set({ due: due || null })} />
            </label>
            <label class="field">
              <span>Team</span>
              <CommitInput value={n().team ?? ''} label="Team" readOnly={!ws.canEdit} onCommit={(team) => set({ team })} />
            </label>
            <label class="field">
              <span>Review date</span>
              <CommitInput type="date" value={n().reviewDate ?? ''} label="Review date" readOnly={!ws.canEdit} onCommit={(d) => set({ reviewDate: d || null })} />
            </label>
            {/* A parent's progress is its children's (DESIGN §4 roll-up): a figure typed here would be stored and never shown. */}
            <Show
              when={rolledUpFrom() === 0}
              fallback={
                <div class="field">
                  <span>Progress %</span>
                  {/* Not an <output>: a status region would announce every colleague's edit below it. */}
                  <strong data-testid="rolled-up-progress">{Math.round((ws.rollups()[props.id]?.progress ?? 0) * 100)}</strong>
                  <small class="muted">Rolled up from the {rolledUpFrom() === 1 ? 'item' : `${rolledUpFrom()} items`} under it, by weight</small>
                </div>
              }
            >
              <label class="field">
                <span>Progress %</span>
                <CommitInput type="number" min="0" max="100" value={String(Math.round(n().progress * 100))} label="Progress percent" readOnly={!ws.canEdit} onCommit={(p) => set({ progress: Math.min(1, Math.max(0, (number(p) ?? 0) / 100)) })} />
              </label>
            </Show>
            <label class="field">
              <span>Weight</span>
              <CommitInput type="number" min="0" step="0.5" value={String(n().weight)} label="Weight" readOnly={!ws.canEdit} onCommit={(w) => set({ weight: number(w) ?? 1 })} />
            </label>
            <Show when={n().kind === 'keyResult' || n().kind === 'initiative'}>
              <label class="field">
                <span>Confidence %</span>
                <CommitInput type="number" min="0" max="100" value={n().confidence === null ? '' : String(Math.round(n().confidence! * 100))} label="Confidence percent" readOnly={!ws.canEdit} onCommit={onConfidence} testId="confidence" />
              </label>
            </Show>
            <Show when={n().kind === 'initiative'}>
              <label class="field">
                <span>Stage</span>
                <select
                  aria-label="Stage"
                  value={n().stage ?? 'idea'}
                  disabled={!ws.canEdit}
                  onChange={(event) => {
                    const to = event.currentTarget.value as InitiativeStage;
                    ws.apply(setStage(ws.doc, props.id, to, { role: ws.role }));
                    event.currentTarget.value = ws.view().nodes.get(props.id)?.stage ?? 'idea';
                  }}
                >
                  <For each={INITIATIVE_STAGES}>
                    {(stage) => (
                      <option value={stage} title={checkStageMove(n(), stage, { role: ws.role })?.message ?? ''}>
                        {STAGE_LABEL[stage]}
                      </option>
                    )}
                  </For>
                </select>
              </label>
            </Show>
            <label class="field">
              <span>KPI</span>
              <select
                aria-label="Measured by KPI"
                value={n().kpi ?? ''}
                disabled={!ws.canEdit}
                onChange={(event) => {
                  const result = updateNode(ws.doc, props.id, { kpi: event.currentTarget.value || null });
                  ws.apply(result);
                  // A refused link (an archived KPI) leaves the panel showing the stored one.
                  if (!result.ok) event.currentTarget.value = n().kpi ?? '';
                }}
              >
                <option value="" selected={!n().kpi}>
                  None
                </option>
                {/* By id, each marking itself (SPEC U30): a reading added to a KPI re-reads it as a
                    new object, and options made from those objects were replaced, dropping the choice. */}
                <For each={kpiIds()}>
                  {(id) => (
                    <option value={id} selected={id === n().kpi}>
                      {kpiLabel(id)}
                    </option>
                  )}
                </For>
              </select>
            </label>
          </div>
          <div class="field node-notes">
            <span>Notes</span>
            <Show
              when={notes().text}
              keyed
              fallback={
                <>
                  <p class="note">{notes().words || 'No notes'}</p>
                  <Show when={ws.canEdit}>
                    <button type="button" onClick={editNotes}>
                      {notes().words ? 'Edit notes' : 'Add notes'}
                    </button>
                  </Show>
                </>
              }
            >
              {(text) => (
                <CollabText
                  text={text}
                  label="Notes"
                  multiline
                  readOnly={!ws.canEdit}
                  placeholder={ws.canEdit ? 'Context, links, what was agreed' : 'No notes'}
                  testId="node-notes"
                  ref={(el) => (notesField = el)}
                />
              )}
            </Show>
          </div>
          <Show when={n().confidenceNote}>
            <p class="note">
              <span class="muted">Confidence note:</span> {n().confidenceNote}
            </p>
          </Show>
          <Show when={pendingConfidence() !== null}>
            <form class="confidence-note" onSubmit={saveConfidence} aria-label="Why is confidence lower?">
              <label class="field">
                <span>Confidence drops to {Math.round(pendingConfidence()! * 100)} %. What changed?</span>
                <textarea aria-label="Confidence note" value={note()} onInput={(event) => setNote(event.currentTarget.value)} ref={(el) => queueMicrotask(() => el.focus())} required />
              </label>
              <div class="actions-row">
                <button type="submit" class="primary" disabled={!note().trim()}>
                  Save confidence
                </button>
                <button type="button" onClick={() => setPendingConfidence(null)}>
                  Cancel
                </button>
              </div>
            </form>
          </Show>
          <Show when={ws.canEdit}>
            <button type="button" class="danger" onClick={() => props.onArchive()}>
              Archive
            </button>
          </Show>
        </aside>
      )}
    </Show>
  );
}
