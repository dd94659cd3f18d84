import type { AgendaItemView } from '../../shared/schema/agenda-read';
import type { WorkspaceView } from '../../shared/schema/view-types';
import type { ViewName } from '../sync/awareness-state';
import { KIND_LABEL } from '../../shared/tree/node-kinds';
import { dependencyName } from '../../shared/schema/dependency-name';

/** One thing search can find (SPEC U25): where it lives, and what the list shows for it. */
export interface SearchEntry {
  id: string;
  view: ViewName;
  /** What it is, in a word: "Objective", "KPI", "Dependency", "Agenda item". */
  kind: string;
  label: string;
}

/** Every live node, KPI, dependency and agenda item; archived things stay out of the way. */
export function searchEntries(view: WorkspaceView, agenda: readonly AgendaItemView[]): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const node of view.nodes.values()) {
    if (!node.archived) entries.push({ id: node.id, view: 'tree', kind: KIND_LABEL[node.kind], label: node.title || 'Untitled' });
  }
  for (const kpi of view.kpis.values()) {
    if (!kpi.archived) entries.push({ id: kpi.id, view: 'kpis', kind: 'KPI', label: kpi.name || 'Untitled KPI' });
  }
  for (const dep of view.deps.values()) {
    if (dep.archived) continue;
    const name = (id: string) => view.nodes.get(id)?.title || 'Untitled';
    entries.push({ id: dep.id, view: 'deps', kind: 'Dependency', label: dependencyName(name(dep.from), name(dep.to)) });
  }
  for (const item of agenda) entries.push({ id: item.id, view: 'agenda', kind: 'Agenda item', label: item.title || 'Untitled item' });
  return entries;
}

/**
 * The entries that match a query, best first. Matching is forgiving the way a command palette is:
 * case and accents are ignored, a plain substring ranks by how early it starts (a word's start
 * best), and failing that the query's letters in order ("onbrev" finds "Onboarding revamp") rank by
 * how tightly they sit together.
 *
 * @example rankEntries('usage api', entries)[0].label // 'Usage export API'
 */
export function rankEntries(query: string, entries: readonly SearchEntry[], limit = 12): SearchEntry[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: { entry: SearchEntry; score: number }[] = [];
  for (const entry of entries) {
    const text = fold(entry.label);
    let score = 0;
    for (const word of words) {
      const part = wordScore(word, text);
      if (part === null) {
        score = -1;
        break;
      }
      score += part;
    }
    if (score >= 0) scored.push({ entry, score });
  }
  scored.sort((a, b) => a.score - b.score || a.entry.label.localeCompare(b.entry.label));
  return scored.slice(0, limit).map(({ entry }) => entry);
}

/** Lower is better; null when the word does not match at all. */
function wordScore(word: string, text: string): number | null {
  const at = text.indexOf(word);
  if (at >= 0) return atWordStart(text, at) ? at / 100 : 1 + at / 100;
  // Letters in order: the more text between them, the weaker the match.
  let from = 0;
  let gaps = 0;
  for (const char of word) {
    const next = text.indexOf(char, from);
    if (next < 0) return null;
    if (next > from) gaps += next - from;
    from = next + 1;
  }
  return 10 + gaps;
}

function atWordStart(text: string, at: number): boolean {
  return at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
