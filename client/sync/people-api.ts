import type { MemberView } from '../../shared/api/people';
import type { Role } from '../../shared/schema/constants';
import type { AccessProblem } from './access-problem';
import { jsonBody, workspaceCaller } from './api-call';

/** A member as `GET …/members` lists them (SPEC A2): the server's own type, which is the wire's. */
export type Member = MemberView;

/** A shared role link (SPEC A1): null when it was stored before links were kept, until rotated. */
export interface RoleLink {
  role: Role;
  link: string | null;
  createdAt: string;
}

/** A personal link, shown this once (an invitation, or a new link for a member). */
export interface PersonalLink {
  member: Member;
  link: string;
}

export interface Invitation {
  name: string;
  email: string;
  role: Role;
}

/** The facilitator's people routes of one workspace (DESIGN §5, server/http/routes/people.ts). */
export interface PeopleApi {
  members(): Promise<Member[]>;
  invite(invitation: Invitation): Promise<PersonalLink>;
  revoke(memberId: string): Promise<void>;
  /** Another role (SPEC A17); answers the member as listed now. */
  changeRole(memberId: string, role: Role): Promise<Member>;
  reissue(memberId: string): Promise<PersonalLink>;
  links(): Promise<RoleLink[]>;
  rotate(role: Role): Promise<RoleLink>;
}

/**
 * The people routes over the session cookie. A 401 saying this browser's own access ended (it was
 * removed, its link rotated, it signed out elsewhere) goes to `onAccessEnded`, which shows the
 * page saying so (SPEC A9), and is thrown like any other refusal.
 *
 * @example
 *   const api = createPeopleApi('w1', (problem) => connection.end(problem));
 *   const { link } = await api.invite({ name: 'Chen Wu', email: '', role: 'editor' });
 */
export function createPeopleApi(workspaceId: string, onAccessEnded: (problem: AccessProblem) => void): PeopleApi {
  const call = workspaceCaller(workspaceId, onAccessEnded);
  const member = (id: string) => `/members/${encodeURIComponent(id)}`;
  return {
    members: () => call<{ members: Member[] }>('GET', '/members').then((body) => body.members),
    invite: (invitation) => call<PersonalLink>('POST', '/invites', jsonBody(invitation)),
    revoke: (memberId) => call<unknown>('DELETE', member(memberId)).then(() => undefined),
    changeRole: (memberId, role) => call<{ member: Member }>('PATCH', member(memberId), jsonBody({ role })).then((body) => body.member),
    reissue: (memberId) => call<PersonalLink>('POST', `${member(memberId)}/link`),
    links: () => call<{ links: RoleLink[] }>('GET', '/links').then((body) => body.links),
    rotate: (role) =>
      call<{ role: Role; link: string }>('POST', `/links/${role}/rotate`).then(({ link }) => ({ role, link, createdAt: new Date().toISOString() })),
  };
}
