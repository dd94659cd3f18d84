import { createMemo, For, Show } from 'solid-js';
import { DEP_STATES, type DepState } from '../../../shared/schema/constants';
import { archiveDependency, restoreDependency } from '../../../shared/schema/dependency-accessors';
import type { DepView } from '../../../shared/schema/view-types';
import { useWorkspace } from '../../state/workspace-context';
import { ArchivedList } from '../common/ArchivedList';
import { createCardFocus } from '../common/card-focus';
import { DependencyCard } from './DependencyCard';
import { NewDependencyForm } from './NewDependencyForm';
import './deps.css';
import { dependencyName } from '../../../shared/schema/dependency-name';
import { nodeName } from '../../../shared/rules/format';

const DEP_STATE_LABEL: Record<DepState, string> = {
  requested: 'Requested',
  committed: 'Committed',
  'at-risk': 'At risk',
  blocked: 'Blocked',
  done: 'Done',
};

/**
 * Dependencies in swimlanes by the delivering (upstream) team and columns by state: each lane
 * reads as "what this team owes others, and how sure it is".
 */
export function DependencyBoard() {
  const ws = useWorkspace();
  const visible = createMemo(() => {
    const shown = ws.tree().parentOf;
    return [...ws.view().deps.values()].filter((dep) => !dep.archived && shown.has(dep.from) && shown.has(dep.to));
  });
  // A live dependency one of whose ends was archived (or sits under an archived node) raises
  // nothing (SPEC C9) and has no lane to stand in; listed under the board, so the team that
  // needed it sees it went quiet and can point it at live work or archive it (SPEC U77).
  const orphaned = createMemo(() => {
    const shown = ws.tree().parentOf;
    return [...ws.view().deps.values()]
      .filter((dep) => !dep.archived && !(shown.has(dep.from) && shown.has(dep.to)))
      .map((dep) => ({ id: dep.id, upstream: !shown.has(dep.from), downstream: !shown.has(dep.to) }));
  });
  const orphanedWhy = (dep: { upstream: boolean; downstream: boolean }) =>
    dep.upstream && dep.downstream ? 'Both ends archived' : dep.upstream ? 'Who delivers it was archived' : 'Who needs it was archived';
  // Archived dependencies raise nothing and keep no one waiting (SPEC C9); hidden until asked for.
  const archived = createMemo(() => [...ws.view().deps.values()].filter((dep) => dep.archived));
  const endName = (id: string) => {
    const node = ws.view().nodes.get(id);
    return node ? nodeName(node) : '?';
  };
  const nameOf = (dep: DepView) => dependencyName(endName(dep.from), endName(dep.to));
  const byTeam = createMemo(() => {
    const lanes = new Map<string, DepView[]>();
    for (const dep of visible()) {
      const team = ws.view().nodes.get(dep.from)?.team ?? 'No team';
      lanes.set(team, [...(lanes.get(team) ?? []), dep]);
    }
    return lanes;
  });
  // Lanes and cards are keyed by name and id, not by the views a re-read hands out anew, so a
  // keystroke in a card's note does not re-make the card under the caret.
  const teams = createMemo(() => [...byTeam().keys()].sort((a, b) => a.localeCompare(b)), undefined, {
    equals: (a, b) => a.length === b.length && a.every((team, i) => team === b[i]),
  });
  // A card that moves to another cell keeps the person's place in it (U69); a button the new
  // state no longer offers (At risk, once at risk) leaves it on the card's title, its first control.
  const cardFocus = createCardFocus((card) => card.querySelector<HTMLElement>('.dep-title'));
  // Where a keyboard lands once the last archived dependency is restored (U59).
  let heading!: HTMLHeadingElement;
  const idsIn = (team: string, state: DepState) => (byTeam().get(team) ?? []).filter((dep) => dep.state === state).map((dep) => dep.id);
  return (
    <div class="deps">
      <div class="panel-head">
        <h2 ref={heading} tabindex="-1">
          Dependencies
        </h2>
        <p class="hint muted">Lanes are the delivering team. Select a slipping dependency to highlight what it puts at risk.</p>
      </div>
      <Show when={ws.canEdit}>
        <NewDependencyForm />
      </Show>
      <Show when={visible().length > 0} fallback={<Show when={orphaned().length === 0}><p class="muted empty">No dependencies yet.</p></Show>}>
        <div class="board" role="table" aria-label="Dependencies by team and state">
          <div class="board-row board-head" role="row">
            <span role="columnheader">Team</span>
            <For each={DEP_STATES}>{(state) => <span role="columnheader">{DEP_STATE_LABEL[state]}</span>}</For>
          </div>
          <For each={teams()}>
            {(team) => (
              <div class="board-row" role="row" data-testid="swimlane">
                <span class="lane-name" role="rowheader">
                  {team}
                </span>
                <For each={DEP_STATES}>
                  {(state) => (
                    <div class="board-cell" role="cell" aria-label={`${team}, ${DEP_STATE_LABEL[state]}`} data-state-label={DEP_STATE_LABEL[state]}>
                      <For each={idsIn(team, state)}>{(id) => <DependencyCard id={id} focus={cardFocus} />}</For>
                    </div>
                  )}
                </For>
              </div>
            )}
          </For>
        </div>
      </Show>
      <Show when={orphaned().length > 0}>
        <section class="orphaned-deps" aria-labelledby="orphaned-deps-title" data-testid="orphaned-deps">
          <h3 id="orphaned-deps-title">On archived work</h3>
          <p class="hint muted">These raise nothing while an end is archived: change who delivers or needs it, or archive it.</p>
          <For each={orphaned()}>
            {(dep) => (
              <div class="orphaned-dep">
                <p class="orphaned-why">{orphanedWhy(dep)}</p>
                <DependencyCard id={dep.id} focus={cardFocus} />
              </div>
            )}
          </For>
        </section>
      </Show>
      <ArchivedList
        summary="Show archived"
        testid="archived-deps"
        items={archived().map((dep) => ({ id: dep.id, name: nameOf(dep) }))}
        restore={(id) => restoreDependency(ws.doc, id)}
        archive={(id) => archiveDependency(ws.doc, id, ws.identity.name)}
        heading={() => heading}
      />
    </div>
  );
}
