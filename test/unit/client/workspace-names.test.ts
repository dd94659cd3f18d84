import { describe, expect, it } from 'vitest';
import type { WorkspaceSummary } from '../../../client/sync/admin-api';
import { listedWorkspaces } from '../../../client/state/workspace-names';

const NOW = new Date('2026-12-08T12:00:00Z');
/** Minutes, in UTC, so the test reads the same in any time zone. */
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const workspace = (id: string, title: string, createdAt: string, updatedAt = createdAt, mode = 'review'): WorkspaceSummary => ({ id, title, mode, createdAt, updatedAt, links: [] });

describe('the admin’s workspaces as the list tells them apart', () => {
  it('[U60] a title only one workspace has is its name; every row says its mode and when it was created and last changed', () => {
    const [only] = listedWorkspaces([workspace('w1', 'Q4 operating review', '2026-12-01T09:00:00Z', '2026-12-08T11:55:00Z', 'triage')], NOW, when);
    expect(only).toMatchObject({ name: 'Q4 operating review', detail: 'In triage · created 2026-12-01 09:00 · changed 5 min ago' });
  });

  it('[U60] workspaces sharing a title are named with when each was created, or by id when made in the same minute', () => {
    const list = [
      workspace('w1', 'Weekly review', '2026-12-01T09:00:00Z'),
      workspace('w2', 'Weekly review', '2026-12-08T09:00:00Z', '2026-12-08T11:00:00Z'),
      workspace('w3', 'Board prep', '2026-12-08T10:00:10Z'),
      workspace('w4', 'Board prep', '2026-12-08T10:00:40Z'),
    ];
    const listed = listedWorkspaces(list, NOW, when);
    expect(listed.map((entry) => entry.name)).toEqual([
      'Weekly review (created 2026-12-01 09:00)',
      'Weekly review (created 2026-12-08 09:00)',
      'Board prep (w3)',
      'Board prep (w4)',
    ]);
    expect(new Set(listed.map((entry) => entry.detail)).size).toBe(4);
    expect(listed[2]!.detail).toBe('In review · created 2026-12-08 10:00 · changed 1 h ago · id w3');
    expect(listed[0]!.detail).not.toContain('id ');
  });
});
