import type { AgendaItemView } from '../../shared/schema/agenda-read';
import type { Role } from '../../shared/schema/constants';
import type { WorkspaceView } from '../../shared/schema/view-types';
import { nameKey } from '../../shared/text/name-key';

/**
 * Owners are people (issue 12, SPEC A13–A15): an owner field holds a person's name, as free
 * text, and the app suggests the names it knows. "Mine" compares names the way people write them.
 */

/** Whether an owner field names this person; an empty field names nobody. */
export function isOwner(owner: string | null | undefined, name: string): boolean {
  const key = nameKey(owner);
  return key !== '' && key === nameKey(name);
}

/** Every owner written in the document: tree nodes, KPIs, dependencies, agenda items and their actions. */
export function documentOwners(view: WorkspaceView, agenda: readonly AgendaItemView[]): string[] {
  const owners: (string | null)[] = [];
  for (const node of view.nodes.values()) if (!node.archived) owners.push(node.owner);
  for (const kpi of view.kpis.values()) if (!kpi.archived) owners.push(kpi.owner);
  for (const dep of view.deps.values()) if (!dep.archived) owners.push(dep.owner);
  for (const item of agenda) {
    owners.push(item.owner);
    for (const action of item.actions) owners.push(action.owner);
  }
  return owners.filter((owner): owner is string => typeof owner === 'string');
}

/**
 * The names an owner field suggests, each once (the first spelling wins, members' first), in
 * alphabetical order. Facilitators know the members (`GET …/members` is theirs alone); everyone
 * knows who is here and the owners already written.
 *
 * @example ownerSuggestions([['Chen Wu'], ['chen wu', 'Ana Diaz']]) // ['Ana Diaz', 'Chen Wu']
 */
export function ownerSuggestions(sources: readonly (readonly string[])[]): string[] {
  const byKey = new Map<string, string>();
  for (const names of sources) {
    for (const name of names) {
      const key = nameKey(name);
      if (key && !byKey.has(key)) byKey.set(key, name.trim().replace(/\s+/g, ' '));
    }
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/**
 * The dependency handshake (commit, or propose a later date) is offered to the upstream node's
 * owner and the facilitators (SPEC A15). The screen only offers; an editor can still write the
 * document, as with every other field.
 */
export function offersHandshake(upstreamOwner: string | null | undefined, me: { name: string; role: Role }): boolean {
  return me.role === 'facilitator' || (me.role !== 'viewer' && isOwner(upstreamOwner, me.name));
}

/** The agenda's filters: everything, the items I own, or the items holding an action I own (SPEC A14). */
export type AgendaFilter = 'all' | 'my-items' | 'my-actions';

export function filterAgenda<T extends AgendaItemView>(items: readonly T[], filter: AgendaFilter, name: string): T[] {
  if (filter === 'my-items') return items.filter((item) => isOwner(item.owner, name));
  if (filter === 'my-actions') return items.filter((item) => item.actions.some((action) => isOwner(action.owner, name)));
  return [...items];
}
