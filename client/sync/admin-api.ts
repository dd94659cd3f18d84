import { ApiError, readApiError } from './api-error';
import type { RoleLink } from './people-api';

/** The instance admin's REST calls (DESIGN §5), authenticated with the admin token as a bearer. */
export interface WorkspaceSummary {
  id: string;
  title: string;
  mode: string;
  createdAt: string;
  updatedAt: string;
  /** The shared role links again (SPEC A1); a link stored before they were kept is null until rotated. */
  links: RoleLink[];
}

export interface CreatedWorkspace {
  id: string;
  links: Record<string, string>;
}

/** A network failure is an ApiError with status 0, as for the workspace routes (`workspaceCaller`). */
async function call<T>(token: string, path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  } catch {
    throw new ApiError(0, null, 'Throughline can’t be reached right now. Check your network connection and try again.');
  }
  if (!response.ok) throw await readApiError(response);
  return (await response.json()) as T;
}

export function listWorkspaces(token: string): Promise<WorkspaceSummary[]> {
  return call<{ workspaces: WorkspaceSummary[] }>(token, '/api/workspaces').then((body) =>
    body.workspaces.map((workspace) => ({ ...workspace, links: workspace.links ?? [] })),
  );
}

export function createWorkspace(token: string, title: string, template: 'blank' | 'demo'): Promise<CreatedWorkspace> {
  return call<CreatedWorkspace>(token, '/api/workspaces', { method: 'POST', body: JSON.stringify({ title, template }) });
}
