import * as Y from 'yjs';
import { setEntry, toPlainJson, type PlainJson } from '../schema/plain-json';
import { agendaMap, depsMap, kpisMap, nodesMap, rulesMap } from '../schema/root-types';
import { currentMove } from '../schema/dependency-proposal';
import { parseInstant } from '../schema/utc-dates';
import { DEP_FIELDS, NODE_FIELDS } from './changes';
import { isObject, num, type RecordSource } from './json-read';

/**
 * The part of a workspace the record compares (SPEC M3, M4): what `changes`, the carried-over
 * actions and the minutes read of an earlier copy, in the shape workspaceToJson gives them, so
 * the readers of json-read take either, except that a KPI keeps the summary of its readings
 * that `changes` compares instead of the series. Reading only these straight from the document
 * is several times cheaper than the whole JSON (readings are most of a workspace), and a
 * snapshot stores its basis beside its state copy, so a `changes` after a restart parses a small
 * text instead of rebuilding a document.
 */
export interface RecordBasis extends RecordSource {
  nodes: Record<string, EntryBasis>;
  kpis: Record<string, EntryBasis>;
  deps: Record<string, EntryBasis>;
  agenda: Record<string, EntryBasis>;
  /** Each rule's setting as far as the record reads it: whether it is switched on. */
  rules: Record<string, EntryBasis>;
}

export type BasisRoot = 'nodes' | 'kpis' | 'deps' | 'agenda' | 'rules';

/**
 * The format of a stored basis. 2: a dependency keeps its need-by date and follow-up owner. 3:
 * each rule keeps whether it is on, so a KPI whose `kpi-threshold` rule was off reads as not
 * judged rather than green (SPEC M3). 4: an agenda item keeps its decided text, with what ties
 * it to its decision (SPEC U108). A
 * snapshot's basis in an earlier format (none, or no `version`) is rebuilt from the snapshot's
 * state copy, as one stored without a basis is, rather than compared with fields it never kept.
 */
export const BASIS_VERSION = 4;

/** A basis as a snapshot stores it. */
export function basisText(basis: RecordBasis): string {
  return JSON.stringify({ version: BASIS_VERSION, ...basis });
}
export const BASIS_ROOTS: readonly BasisRoot[] = ['nodes', 'kpis', 'deps', 'agenda', 'rules'];
export type EntryBasis = Record<string, PlainJson>;

/** The fields each root keeps: what diffWorkspaces, listActions and meetingMinutes read of the earlier side. */
const KEPT: Record<BasisRoot, readonly string[]> = {
  nodes: [...NODE_FIELDS, 'kind', 'archived'],
  kpis: ['name', 'archived'],
  // What datesOf reads beside the dates, so that `changes` reads each side as the board did (SPEC U82).
  deps: [...DEP_FIELDS, 'declinedDate', 'proposalId', 'acceptedProposal', 'declinedProposal', 'movedProposal', 'accepts', 'declines', 'from', 'to', 'archived'],
  // What recordedDecision reads beside the box, so an earlier copy quotes a decision as it was decided (SPEC U108).
  agenda: ['kind', 'title', 'state', 'decision', 'decidedText', 'decidedAt', 'outcomeAt', 'actions'],
  rules: ['enabled'],
};

/** What each root keeps beyond its plain fields. */
const MORE: Partial<Record<BasisRoot, (entry: Y.Map<unknown>, kept: EntryBasis) => void>> = {
  // A move no longer told apart is none, as the board reads it (currentMove): the basis keeps no items.
  deps: (entry, kept) => {
    if (entry.has('movedProposal')) kept.movedProposal = toPlainJson(currentMove(entry));
  },
  kpis: (entry, kept) => {
    const readings = entry.get('readings');
    Object.assign(kept, latestReading(readings instanceof Y.Array ? readings.toArray() : []));
  },
  agenda: (entry, kept) => {
    // The band a KPI showed is read from its triage item's findings: their rule and severity.
    const findings = toPlainJson(entry.get('findings'));
    if (!isObject(findings)) return;
    const pruned: Record<string, PlainJson> = {};
    for (const [id, finding] of Object.entries(findings)) if (isObject(finding)) setEntry(pruned, id, { rule: finding.rule ?? null, severity: finding.severity ?? null } as PlainJson);
    kept.findings = pruned;
  },
};

export const basisRootMap = (doc: Y.Doc, root: BasisRoot): Y.Map<unknown> =>
  ({ nodes: nodesMap, kpis: kpisMap, deps: depsMap, agenda: agendaMap, rules: rulesMap })[root](doc) as Y.Map<unknown>;

/** A basis with nothing in it, to fill. */
export const emptyBasis = (): RecordBasis => ({ nodes: {}, kpis: {}, deps: {}, agenda: {}, rules: {} });

export function recordBasis(doc: Y.Doc): RecordBasis {
  const basis = emptyBasis();
  for (const root of BASIS_ROOTS) {
    basisRootMap(doc, root).forEach((entry, id) => {
      const kept = entryBasis(root, entry);
      if (kept) setEntry(basis[root], id, kept);
    });
  }
  return basis;
}

/**
 * One entry of a root as the basis keeps it, or null when it is neither a map nor (a rule's
 * setting is stored as one value) a plain object.
 */
export function entryBasis(root: BasisRoot, entry: unknown): EntryBasis | null {
  const kept: EntryBasis = {};
  if (root === 'rules') {
    if (!isObject(entry)) return null;
    for (const field of KEPT[root]) if (Object.hasOwn(entry, field)) kept[field] = toPlainJson(entry[field]);
    return kept;
  }
  if (!(entry instanceof Y.Map)) return null;
  for (const field of KEPT[root]) if (entry.has(field)) kept[field] = toPlainJson(entry.get(field));
  MORE[root]?.(entry, kept);
  return kept;
}

/** A stored basis, or null when the text is not one in this format (the caller rebuilds it from the state copy). */
export function parseRecordBasis(text: string): RecordBasis | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isObject(parsed) || parsed.version !== BASIS_VERSION) return null;
    return BASIS_ROOTS.every((root) => isObject(parsed[root])) ? (parsed as unknown as RecordBasis) : null;
  } catch {
    return null;
  }
}

/**
 * A KPI's series as `changes` compares it: the latest reading's value by date (the last of equal
 * dates) and how many readings hold a date and a value. Readings are appended and corrections
 * replace in place, so the growth of the count is what arrived.
 */
function latestReading(readings: readonly unknown[]): { latest: number | null; readingCount: number } {
  let best: { ms: number; value: number } | null = null;
  let readingCount = 0;
  for (const raw of readings) {
    if (!isObject(raw)) continue;
    const ms = parseInstant(raw.at);
    const value = num(raw.value);
    if (ms === null || value === null) continue;
    readingCount++;
    if (!best || ms >= best.ms) best = { ms, value };
  }
  return { latest: best?.value ?? null, readingCount };
}
