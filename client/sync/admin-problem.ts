import { ApiError } from './api-error';

/** Why the admin page cannot list the workspaces: a heading, a sentence, and whether trying again may help. */
export interface AdminProblem {
  title: string;
  sentence: string;
  canRetry: boolean;
}

/**
 * The admin page's refusals in words (SPEC U58). The server's 401 sentence is written for a
 * workspace link ("ask a facilitator"); the person here runs the instance, so they are told
 * where the admin link comes from instead. A refusal is never read as an empty instance.
 *
 * @example
 *   adminProblem(new ApiError(401, 'invalid_token', '…')).title; // 'This admin link was refused'
 */
export function adminProblem(error: unknown): AdminProblem {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 401 || status === 403) {
    return {
      title: 'This admin link was refused',
      sentence:
        'The server doesn’t accept the admin token in it: it may have been cut short or mistyped, or the token has changed since. Open the admin link the server printed when it started (its token is THROUGHLINE_ADMIN_TOKEN, or else the admin-token file in the server’s data directory).',
      canRetry: false,
    };
  }
  if (status === 0) {
    return { title: 'Throughline can’t be reached', sentence: 'Check your network connection and that the server is running, then try again.', canRetry: true };
  }
  return { title: 'The workspaces can’t be listed right now', sentence: (error as Error).message, canRetry: true };
}
