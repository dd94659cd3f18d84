import type { WorkspaceSummary } from '../sync/admin-api';
import { timeAgo } from './share-labels';

export interface ListedWorkspace {
  workspace: WorkspaceSummary;
  /**
   * What the list calls it, in every control's name ("Open … as facilitator", "Links of …"): its
   * title, or, when another listed workspace has that title too, the title with when it was made,
   * and with its id instead when both were made in the same minute.
   */
  name: string;
  /** The line under the title: its mode, when it was created and last changed (and its id when its name needs it). */
  detail: string;
}

const MODE_WORDS: Readonly<Record<string, string>> = { review: 'In review', triage: 'In triage' };

/**
 * The admin's workspaces as the list shows them (SPEC U60): two reviews with one title ("Weekly
 * review" each week) must not read as one, to the eye or to a screen reader, so each says when it
 * was created and last changed, and a shared title is told apart in every control's name.
 *
 * @example
 *   listedWorkspaces(list, new Date(), formatWhen).map((entry) => entry.name);
 *   // ['Q4 operating review', 'Weekly review (created 1 Dec 2026, 09:00)', 'Weekly review (created 8 Dec 2026, 09:00)']
 */
export function listedWorkspaces(list: readonly WorkspaceSummary[], now: Date, when: (iso: string) => string): ListedWorkspace[] {
  const titled = countBy(list, (workspace) => workspace.title);
  const made = countBy(list, (workspace) => `${workspace.title}\u0000${when(workspace.createdAt)}`);
  return list.map((workspace) => {
    const created = when(workspace.createdAt);
    const sameMinute = made.get(`${workspace.title}\u0000${created}`)! > 1;
    const shared = titled.get(workspace.title)! > 1;
    const name = !shared ? workspace.title : sameMinute ? `${workspace.title} (${workspace.id})` : `${workspace.title} (created ${created})`;
    const detail = [MODE_WORDS[workspace.mode] ?? workspace.mode, `created ${created}`, `changed ${timeAgo(workspace.updatedAt, now)}`, ...(sameMinute ? [`id ${workspace.id}`] : [])];
    return { workspace, name, detail: detail.join(' · ') };
  });
}

function countBy<T>(list: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of list) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
