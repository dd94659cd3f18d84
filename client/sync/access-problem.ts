import type { ApiError } from './api-error';

/**
 * Why this browser cannot be in a review (SPEC A9, A10): a link that never worked, or access that
 * ended. `removed` and `signed-out` also drop the local copy of the review.
 */
export type AccessProblemKind = 'no-link' | 'bad-link' | 'removed' | 'replaced' | 'signed-out' | 'expired' | 'unreachable' | 'other';

/** What the page in place of the workspace says: a heading and a sentence for a person. */
export interface AccessProblem {
  kind: AccessProblemKind;
  title: string;
  sentence: string;
}

const TITLES: Record<AccessProblemKind, string> = {
  'no-link': 'You need a link to open this review',
  'bad-link': 'This link doesn’t work',
  removed: 'Your access was removed',
  replaced: 'This link was replaced',
  'signed-out': 'You are signed out',
  // Also a session the server no longer knows (`session_unknown`), which may never have idled out:
  // the heading claims no more than that it ended, and the server's sentence says why when it knows.
  expired: 'Your session ended',
  unreachable: 'Throughline can’t be reached',
  other: 'This review can’t be opened',
};

const SENTENCES: Record<AccessProblemKind, string> = {
  'no-link': 'Open the link the facilitator sent you for this review. If you don’t have it, ask them for it.',
  'bad-link':
    'It doesn’t open anything here: it may have been cut short when it was copied, or mistyped. Ask the person who sent it for the link again.',
  removed: 'Your access to this review was removed. Ask a facilitator of the review if you need it back.',
  replaced: 'This link was replaced by a new one. Ask a facilitator of the review for the new link.',
  'signed-out': 'You signed out of this review. Open your link again to come back.',
  expired: 'Your session in this review ended. Open your link again to come back.',
  unreachable: 'Check your network connection, then reload this page.',
  other: 'Something went wrong while opening it. Try again in a moment.',
};

/**
 * Kinds that always read our own sentence, because the server's adds nothing a person needs. The
 * others carry the server's sentence when there is one (`access_removed`, `link_replaced` name
 * whom to ask; `session_expired` says how long a session lasts).
 */
const OWN_SENTENCE: ReadonlySet<AccessProblemKind> = new Set(['no-link', 'bad-link', 'unreachable']);

/** The server's 401 codes (server/auth/access-control.ts) and what each means to a person. */
const KIND_OF_CODE = new Map<string, AccessProblemKind>([
  ['unauthenticated', 'no-link'],
  ['invalid_token', 'bad-link'],
  ['access_removed', 'removed'],
  ['link_replaced', 'replaced'],
  // A cookie naming no session may have idled out and been swept: kept like an expired one (A9).
  ['session_unknown', 'expired'],
  ['session_expired', 'expired'],
]);

/** Whether this ending drops the browser's copy of the review and its unsent edits (SPEC A9). */
export function dropsCopy(problem: AccessProblem): boolean {
  return problem.kind === 'removed' || problem.kind === 'signed-out';
}

export function problemOf(kind: AccessProblemKind, serverSentence?: string | null): AccessProblem {
  const sentence = OWN_SENTENCE.has(kind) ? SENTENCES[kind] : serverSentence?.trim() || SENTENCES[kind];
  return { kind, title: TITLES[kind], sentence };
}

/** Whether a refused REST call means this browser's access to the review has ended (or never began). */
export function endsAccess(error: ApiError): boolean {
  return error.status === 401 && KIND_OF_CODE.has(error.code ?? '');
}

/**
 * A refused REST call in words for a person: never a protocol detail such as which header to
 * send. A 4xx the server explained keeps the server's sentence under a generic heading.
 *
 * @example problemOfError(new ApiError(401, 'invalid_token', '…')).title // 'This link doesn’t work'
 */
export function problemOfError(error: ApiError): AccessProblem {
  const kind = KIND_OF_CODE.get(error.code ?? '');
  if (kind) return problemOf(kind, error.message);
  if (error.status === 401 || error.status === 403) return problemOf('no-link');
  if (error.status === 404) return problemOf('other', 'There is no review at this address. Check the link, or ask the facilitator for it again.');
  // A server error's text may be technical; a refusal (4xx) is written for people (DESIGN §5).
  return problemOf('other', error.status < 500 ? error.message : null);
}

/** The page for a WebSocket closed with 4401: the server's reason sentence, headed by what it says. */
export function problemOfClose(reason: string): AccessProblem {
  const text = reason.trim();
  const kind = CLOSE_KINDS.find(([start]) => text.startsWith(start))?.[1];
  if (kind) return problemOf(kind, text);
  return { kind: 'other', title: 'Your access to this review ended', sentence: text || 'Ask a facilitator of the review if you need it back.' };
}

/**
 * How the server's 4401 sentences begin (server/auth/revoked-sentence.ts, server/auth/access-control.ts).
 * Whole phrases: `removed` and `signed-out` drop this browser's copy of the review and its unsent
 * edits, so access that ended some other way ("Your access to this review ended") must not read as either.
 */
const CLOSE_KINDS: [string, AccessProblemKind][] = [
  ['Your access to this review was removed', 'removed'],
  ['This link was replaced', 'replaced'],
  ['You signed out', 'signed-out'],
  ['Your session in this review has ended', 'expired'],
];
