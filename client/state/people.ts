import { createMemo, createSignal, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { AccessProblem } from '../sync/access-problem';
import type { Peer } from '../sync/awareness-state';
import { createPeopleApi, type Member, type PeopleApi } from '../sync/people-api';
import { ownerSuggestions } from './ownership';

export interface People {
  api: PeopleApi;
  /** The workspace's members, for facilitators (the list is theirs alone); empty for everyone else. */
  members: Accessor<readonly Member[]>;
  /** Why the member list could not be read, in words; null when it was. */
  membersError: Accessor<string | null>;
  refresh(): Promise<void>;
  /** The names owner fields suggest: members, people here, and the owners already written (SPEC A13). */
  ownerNames: Accessor<readonly string[]>;
}

/**
 * The people of an open workspace: the facilitator's member list and the names an owner field
 * offers. Everyone but a facilitator suggests only what they can see: who is here, and the owners
 * already in the document.
 */
export function createPeople(options: {
  workspaceId: string;
  isFacilitator: boolean;
  peers: Accessor<readonly Peer[]>;
  documentOwners: Accessor<readonly string[]>;
  onAccessEnded: (problem: AccessProblem) => void;
}): People {
  const api = createPeopleApi(options.workspaceId, options.onAccessEnded);
  // A store reconciled by id, not a new list each time: the open share dialog reads the members
  // every few seconds, and rows drawn anew would take the focus, an open menu and a confirm step
  // away from a facilitator in the middle of them. Only what changed (who is here) changes.
  const [members, setMembers] = createStore<Member[]>([]);
  const [membersError, setMembersError] = createSignal<string | null>(null);
  const refresh = async () => {
    if (!options.isFacilitator) return;
    try {
      setMembers(reconcile(await api.members(), { key: 'id' }));
      setMembersError(null);
    } catch (error) {
      setMembersError((error as Error).message);
    }
  };
  void refresh();
  const ownerNames = createMemo(() =>
    ownerSuggestions([
      members.map((member) => member.name),
      options.peers().map((peer) => peer.user.name),
      options.documentOwners(),
    ]),
  );
  return { api, members: () => members, membersError, refresh, ownerNames };
}
