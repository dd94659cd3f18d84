/** The instance admin's REST calls (DESIGN §5), authenticated with the admin token as a bearer. */
export interface WorkspaceSummary {
  id: string;
  title: string;
  mode: string;
  updatedAt: string;
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
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  }
  return (await response.json()) as T;
}

export function listWorkspaces(token: string): Promise<WorkspaceSummary[]> {
  return call<{ workspaces: WorkspaceSummary[] }>(token, '/api/workspaces').then((body) => body.workspaces);
}

export function createWorkspace(token: string, title: string, template: 'blank' | 'demo'): Promise<CreatedWorkspace> {
  return call<CreatedWorkspace>(token, '/api/workspaces', { method: 'POST', body: JSON.stringify({ title, template }) });
}
