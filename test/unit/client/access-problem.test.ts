import { describe, expect, it } from 'vitest';
import { endsAccess, problemOfClose, problemOfError } from '../../../client/sync/access-problem';
import { ApiError } from '../../../client/sync/api-error';

const REMOVED = 'Your access to this review was removed. Ask Ana Diaz or another facilitator if you need it back.';
const REPLACED = 'This link was replaced by a new one. Ask Ana Diaz or another facilitator for the new link.';

describe('access problems in words', () => {
  it('[A10] says per code what went wrong with a link, in sentences of its own where the server’s add nothing', () => {
    const forged = problemOfError(new ApiError(401, 'invalid_token', 'This link does not open anything here.'));
    expect(forged).toMatchObject({ kind: 'bad-link', title: 'This link doesn’t work' });
    expect(forged.sentence).toMatch(/cut short .* or mistyped/);
    const missing = problemOfError(new ApiError(401, 'unauthenticated', 'You are not signed in.'));
    expect(missing).toMatchObject({ kind: 'no-link', title: 'You need a link to open this review' });
    // No sentence a person reads ever speaks of headers or tokens.
    for (const code of ['invalid_token', 'unauthenticated', null]) {
      const problem = problemOfError(new ApiError(401, code, 'Send Authorization: Bearer <token>.'));
      expect(`${problem.title} ${problem.sentence}`).not.toMatch(/bearer|authorization|token/i);
    }
  });

  it('[A10] keeps the server’s sentence where it names whom to ask or how long a session lasts', () => {
    expect(problemOfError(new ApiError(401, 'access_removed', REMOVED))).toEqual({ kind: 'removed', title: 'Your access was removed', sentence: REMOVED });
    expect(problemOfError(new ApiError(401, 'link_replaced', REPLACED))).toMatchObject({ kind: 'replaced', sentence: REPLACED });
    const expired = 'You were signed out of this review after 1 week without using it. Open your link again to come back.';
    expect(problemOfError(new ApiError(401, 'session_expired', expired))).toMatchObject({ kind: 'expired', sentence: expired });
  });

  it('[A9] a cookie the server no longer knows reads as an expired session, which keeps the local copy, not as signing out', () => {
    const unknown = 'Your session in this review has ended. Open your link again to come back.';
    expect(problemOfError(new ApiError(401, 'session_unknown', unknown))).toEqual({ kind: 'expired', title: 'Your session ended', sentence: unknown });
  });

  it('[A10] a code it does not know, or a server error, still reads as a sentence', () => {
    expect(problemOfError(new ApiError(404, 'not_found', 'No such workspace.')).sentence).toMatch(/no review at this address/);
    expect(problemOfError(new ApiError(500, null, 'TypeError: x is undefined')).sentence).not.toContain('TypeError');
    expect(problemOfError(new ApiError(401, 'constructor', 'odd')).kind).toBe('no-link');
  });

  it('[A9] only the 401s of a credential that ended end access; other refusals do not', () => {
    expect(endsAccess(new ApiError(401, 'access_removed', ''))).toBe(true);
    expect(endsAccess(new ApiError(401, 'session_unknown', ''))).toBe(true);
    expect(endsAccess(new ApiError(403, 'forbidden', ''))).toBe(false);
    expect(endsAccess(new ApiError(409, 'member_exists', ''))).toBe(false);
    expect(endsAccess(new ApiError(401, 'toString', ''))).toBe(false);
  });

  it('[A9] a 4401 close shows the server’s reason under the heading it calls for', () => {
    expect(problemOfClose(REMOVED)).toEqual({ kind: 'removed', title: 'Your access was removed', sentence: REMOVED });
    expect(problemOfClose(REPLACED)).toMatchObject({ kind: 'replaced', sentence: REPLACED });
    expect(problemOfClose('You signed out of this review. Open your link again to come back.')).toMatchObject({ kind: 'signed-out' });
    // A session that vanished without a sign-out keeps the copy, as an expired one does.
    expect(problemOfClose('Your session in this review has ended. Open your link again to come back.')).toMatchObject({ kind: 'expired' });
    expect(problemOfClose('')).toMatchObject({ kind: 'other', title: 'Your access to this review ended' });
    // Not a removal: that would drop this browser's copy of the review and its unsent edits.
    const ended = 'Your access to this review ended. Ask a facilitator of the review for a link.';
    expect(problemOfClose(ended)).toEqual({ kind: 'other', title: 'Your access to this review ended', sentence: ended });
  });
});
