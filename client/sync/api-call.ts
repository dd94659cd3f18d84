import { endsAccess, problemOfError, type AccessProblem } from './access-problem';
import { ApiError, readApiError } from './api-error';

/** A request body and its content type. */
export interface ApiBody {
  type: string;
  text: string;
}

/** A JSON body. */
export const jsonBody = (value: unknown): ApiBody => ({ type: 'application/json', text: JSON.stringify(value) });

/**
 * The REST routes of one workspace over the session cookie. A network failure is an ApiError with
 * status 0; a 401 saying this browser's own access ended (removed, link rotated, signed out
 * elsewhere) goes to `onAccessEnded`, which shows the page saying so (SPEC A9), and is thrown like
 * any other refusal.
 *
 * @example
 *   const call = workspaceCaller('w1', (problem) => connection.end(problem));
 *   const { members } = await call<{ members: Member[] }>('GET', '/members');
 */
export function workspaceCaller(workspaceId: string, onAccessEnded: (problem: AccessProblem) => void) {
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}`;
  return async <T>(method: string, path: string, body?: ApiBody): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body === undefined ? {} : { headers: { 'content-type': body.type }, body: body.text }),
      });
    } catch {
      throw new ApiError(0, null, 'Throughline can’t be reached right now. Check your network connection and try again.');
    }
    if (response.ok) return (await response.json()) as T;
    const error = await readApiError(response);
    if (endsAccess(error)) onAccessEnded(problemOfError(error));
    throw error;
  };
}
