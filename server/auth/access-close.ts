import { ROLE_IN_A_SENTENCE } from '../../shared/api/people';
import { CloseCode } from '../../shared/protocol/close-codes';
import type { Role } from '../storage/store';
import type { AccessClose } from './grant';
import { fitsCloseFrame } from './revoked-sentence';

/** The close of a connection whose access ended (4401): the person reads `reason` and stays out. */
export const accessEnded = (reason: string): AccessClose => ({ code: CloseCode.accessEnded, reason });

/**
 * The close of a connection whose member now has another role (A17, 4303): it comes back at once
 * in `role`, and the person reads who changed it, by name when a member did and it fits the close
 * frame; else, and for a change stored before who made it was, "a facilitator".
 */
export function roleChanged(role: Role, by: string | null): AccessClose {
  const sentence = (who: string) => `${who} made you ${ROLE_IN_A_SENTENCE[role]} of this review.`;
  const named = by && sentence(by);
  return { code: CloseCode.roleChanged, reason: named && fitsCloseFrame(named) ? named : sentence('A facilitator') };
}
