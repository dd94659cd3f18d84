import { createMemo, createSignal, type Accessor } from 'solid-js';
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
  const [members, setMembers] = createSignal<readonly Member[]>([]);
  const [membersError, setMembersError] = createSignal<string | null>(null);
  const refresh = async () => {
    if (!options.isFacilitator) return;
    try {
      setMembers(await api.members());
      setMembersError(null);
    } catch (error) {
      setMembersError((error as Error).message);
    }
  };
  void refresh();
  const ownerNames = createMemo(() =>
    ownerSuggestions([
      members().map((member) => member.name),
      options.peers().map((peer) => peer.user.name),
      options.documentOwners(),
    ]),
  );
  return { api, members, membersError, refresh, ownerNames };
}
