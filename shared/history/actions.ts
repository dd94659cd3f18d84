import type { WorkspaceJson } from '../schema/types';
import { actionsOf, entriesOf, type RecordSource } from './json-read';

/** One action item with the agenda item it belongs to (DESIGN §5 `actions`, SPEC M4). */
export interface ActionListing {
  id: string;
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
  item: { id: string; title: string };
  /** It existed before the last meeting started (it is in that meeting's opening copy). */
  carriedOver: boolean;
}

/**
 * Every action of every agenda item, ordered by due date (none last) then text. Actions carry no
 * creation time, so "carried over" is read from a copy of the document taken before the last
 * meeting started (the snapshot the previous meeting's end left): an action it already held was
 * carried into this meeting. Without such a copy nothing is carried over.
 *
 * @example listActions(workspaceToJson(doc), recordBasis(previousMeetingDoc), { open: true })
 */
export function listActions(
  doc: WorkspaceJson | null,
  beforeMeeting: RecordSource | null,
  filter: { open?: boolean; owner?: string } = {},
): ActionListing[] {
  const earlier = new Set<string>();
  for (const item of entriesOf(beforeMeeting, 'agenda').values()) for (const action of actionsOf(item)) earlier.add(action.id);
  const listed: ActionListing[] = [];
  for (const [id, item] of entriesOf(doc, 'agenda')) {
    const title = typeof item.title === 'string' && item.title !== '' ? item.title : id;
    for (const action of actionsOf(item)) {
      if (filter.open !== undefined && action.done === filter.open) continue;
      if (filter.owner !== undefined && action.owner !== filter.owner) continue;
      listed.push({ ...action, item: { id, title }, carriedOver: earlier.has(action.id) });
    }
  }
  return listed.sort((a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || a.text.localeCompare(b.text) || a.id.localeCompare(b.id));
}
