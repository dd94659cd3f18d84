import type * as Y from 'yjs';
import type { AgendaState } from '../../shared/schema/constants';
import type { EntryMap } from '../../shared/schema/root-types';
import type { ActionJson, Subject } from '../../shared/schema/types';

/** An agenda entry read for display; the entry itself is kept for its shared texts. */
export interface AgendaItemRead {
  id: string;
  entry: EntryMap;
  kind: 'review' | 'triage';
  title: string;
  subject: Subject | null;
  finding: string | null;
  severity: 'red' | 'amber' | null;
  state: AgendaState;
  owner: string | null;
  timeboxMin: number | null;
  decision: Y.Text;
  actions: ActionJson[];
  votes: Record<string, number>;
}

/** Each person's dots to spread over the agenda (the usual dot-voting budget). */
export const DOTS_PER_PERSON = 3;

/** The moves an item can make: open → discussing → decided / deferred → resolved (and back). */
export const NEXT_STATES: Record<AgendaState, readonly AgendaState[]> = {
  open: ['discussing', 'deferred'],
  discussing: ['decided', 'deferred', 'open'],
  decided: ['resolved', 'discussing'],
  deferred: ['discussing', 'resolved'],
  resolved: ['open'],
};

export const STATE_LABEL: Record<AgendaState, string> = {
  open: 'Open',
  discussing: 'Discussing',
  decided: 'Decided',
  deferred: 'Deferred',
  resolved: 'Resolved',
};

export const STATE_ACTION: Record<AgendaState, string> = {
  open: 'Reopen',
  discussing: 'Discuss now',
  decided: 'Mark decided',
  deferred: 'Defer',
  resolved: 'Resolve',
};

export function readAgendaItem(entry: EntryMap): AgendaItemRead {
  const actions = (entry.get('actions') as Y.Array<EntryMap> | undefined)?.toArray() ?? [];
  const votes = entry.get('votes') as Y.Map<number> | undefined;
  return {
    id: String(entry.get('id')),
    entry,
    kind: entry.get('kind') === 'triage' ? 'triage' : 'review',
    title: String(entry.get('title') ?? ''),
    subject: (entry.get('subject') as Subject | null) ?? null,
    finding: (entry.get('finding') as string | null) ?? null,
    severity: (entry.get('severity') as 'red' | 'amber' | null) ?? null,
    state: (entry.get('state') as AgendaState) ?? 'open',
    owner: (entry.get('owner') as string | null) ?? null,
    timeboxMin: (entry.get('timeboxMin') as number | null) ?? null,
    decision: entry.get('decision') as Y.Text,
    actions: actions.map((action) => action.toJSON() as ActionJson),
    votes: votes ? (votes.toJSON() as Record<string, number>) : {},
  };
}

export function totalVotes(item: AgendaItemRead): number {
  return Object.values(item.votes).reduce((sum, dots) => sum + dots, 0);
}

/** The dots a person has already placed across the agenda. */
export function dotsUsed(items: readonly AgendaItemRead[], personId: string): number {
  return items.reduce((sum, item) => sum + (item.votes[personId] ?? 0), 0);
}

/** Minutes and seconds, for timers: 7:05. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
