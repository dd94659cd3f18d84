import { readApiError } from './api-error';
import type { RoleLink } from './people-api';

/** The instance admin's REST calls (DESIGN §5), authenticated with the admin token as a bearer. */
export interface WorkspaceSummary {
  id: string;
  title: string;
  mode: string;
  updatedAt: string;
  /** The shared role links again (SPEC A1); a link stored before they were kept is null until rotated. */
  links: RoleLink[];
}

export interface CreatedWorkspace {
  id: string;
  links: Record<string, string>;
}

async function call<T>(token: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
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
