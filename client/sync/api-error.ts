/** A REST call the server refused: its status, and the `{error: {code, message}}` body (DESIGN §5). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's code (`invalid_token`, `access_removed`, …); null when the body had none. */
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a refused response's error body. A body that is not the server's JSON (a proxy's error
 * page, say) still gives an error, whose message says only the status.
 *
 * @example
 *   if (!response.ok) throw await readApiError(response);
 */
export async function readApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : null;
    if (typeof body.error?.message === 'string') return new ApiError(response.status, code, body.error.message);
  } catch {
    // Not JSON: the sentence below is all there is to say.
  }
  return new ApiError(response.status, null, `The server answered ${response.status} ${response.statusText}.`.replace(' .', '.'));
}
