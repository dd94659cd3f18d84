import * as Y from 'yjs';
import { DEP_STATES, memberOf, type DepState } from './constants';
import { newId } from './ids';
import { blankToNull } from './node-fields';
import { fail, ok, type OpResult } from './op-result';
import { archivedBy, depsMap, nodesMap, setArchivedFlag, setIfChanged } from './root-types';
import { currentMove, datesOf, isProposalId, proposalDay } from './dependency-proposal';
import { isPlainText } from './stored-values';
import { writeText } from './text-edit';
import type { IsoDay } from './types';
import { isDay } from './utc-dates';

export interface NewDependency {
  /** Only for imports and tests that need a known id; refused if the id exists. */
  id?: string;
  /** The upstream node: the one that delivers. */
  from: string;
  /** The downstream node: the one that needs it. */
  to: string;
  needBy: IsoDay;
  owner?: string | null;
  note?: string;
}

export interface DependencyPatch {
  /** Another upstream or downstream node: who delivers, who needs it (the same checks as creating). */
  from?: string;
  to?: string;
  needBy?: IsoDay;
  owner?: string | null;
  note?: string;
}

/**
 * Records that `to` needs something from `from` by `needBy` (DESIGN §3). Every dependency
 * starts as a request; the handshake in tree/dependency-handshake moves it on.
 */
export function createDependency(doc: Y.Doc, input: NewDependency): OpResult<string> {
  const problems = endProblems(doc, input.from, input.to);
  if (!isDay(input.needBy)) problems.push('needBy must be a date written YYYY-MM-DD.');
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  const deps = depsMap(doc);
  const id = input.id ?? newId();
  if (deps.has(id)) return fail('conflict', `A dependency with id ${id} already exists.`);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    deps.set(id, entry);
    entry.set('id', id);
    entry.set('from', input.from);
    entry.set('to', input.to);
    entry.set('needBy', input.needBy);
    entry.set('state', 'requested');
    entry.set('committedDate', null);
    entry.set('owner', blankToNull(input.owner));
    entry.set('note', new Y.Text(input.note ?? ''));
    entry.set('archived', false);
  });
  return ok(id);
}

/** Edits what the downstream asks for, and of whom; the state changes go through the handshake. */
export function updateDependency(doc: Y.Doc, id: string, patch: DependencyPatch): OpResult {
  const entry = depsMap(doc).get(id);
  if (!entry) return fail('not-found', 'That dependency does not exist.');
  const problems = patch.from === undefined && patch.to === undefined ? [] : endProblems(doc, patch.from ?? String(entry.get('from')), patch.to ?? String(entry.get('to')));
  if (patch.needBy !== undefined && !isDay(patch.needBy)) problems.push('needBy must be a date written YYYY-MM-DD.');
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  doc.transact(() => {
    if (patch.from !== undefined) setIfChanged(entry, 'from', patch.from);
    if (patch.to !== undefined) setIfChanged(entry, 'to', patch.to);
    if (patch.needBy !== undefined) setIfChanged(entry, 'needBy', patch.needBy);
    if (patch.owner !== undefined) setIfChanged(entry, 'owner', blankToNull(patch.owner));
    if (patch.note !== undefined) writeText(entry, 'note', patch.note);
  });
  return ok();
}

/** What is wrong with a dependency's two ends, as sentences; empty when both are live, distinct nodes. */
function endProblems(doc: Y.Doc, from: string, to: string): string[] {
  const nodes = nodesMap(doc);
  const problems: string[] = [];
  for (const [end, id] of [['upstream', from], ['downstream', to]] as const) {
    const node = nodes.get(id);
    if (!node) problems.push(`The ${end} node does not exist.`);
    else if (node.get('archived') === true) problems.push(`The ${end} node is archived.`);
  }
  if (from === to) problems.push('A node cannot depend on itself.');
  return problems;
}

/**
 * Archives a dependency (DESIGN §3 `archived`): it raises no finding, carries no slip downstream
 * and leaves the board; its state, dates and note stay, so `restoreDependency` brings it back as
 * it was. Archiving twice writes nothing. `by` (kept as `archivedBy`) is who archived it: the log
 * entry that resolves its triage item names them, since the rules did not clear its findings (SPEC T5).
 */
export function archiveDependency(doc: Y.Doc, id: string, by: string | null): OpResult {
  return setArchivedFlag(doc, depsMap(doc), id, true, 'That dependency does not exist.', by);
}

/** Brings an archived dependency back (it shows again once both its ends are shown), forgetting who archived it. */
export function restoreDependency(doc: Y.Doc, id: string): OpResult {
  return setArchivedFlag(doc, depsMap(doc), id, false, 'That dependency does not exist.');
}

/** The node ids a dependency links, upstream first; none for an id with no entry. */
export function dependencyEnds(doc: Y.Doc, id: string): string[] {
  const entry = depsMap(doc).get(id);
  if (!(entry instanceof Y.Map)) return [];
  return [entry.get('from'), entry.get('to')].filter((end): end is string => typeof end === 'string');
}

/** Who archived a dependency that is archived, as `archiveDependency` stored it; null when unknown or not archived. */
export function dependencyArchivedBy(doc: Y.Doc, id: string): string | null {
  return archivedBy(depsMap(doc), id);
}

/** A dependency's state and dates as every screen reads them (datesOf), for the handshake and the watches. */
interface DependencyDates {
  state: DepState;
  committedDate: IsoDay | null;
  proposedDate: IsoDay | null;
  /** The name an answer to the proposal gives it (SPEC U82): null exactly when `proposedDate` is. */
  proposalKey: string | null;
}

/** A dependency's note, the shared text people type into; undefined for a missing dependency. */
export function dependencyNote(doc: Y.Doc, id: string): Y.Text | undefined {
  const entry: unknown = depsMap(doc).get(id);
  const note = entry instanceof Y.Map ? entry.get('note') : undefined;
  return isPlainText(note) ? note : undefined;
}

/**
 * What the handshake reads before it writes, and the U74 and U79 watches read of a dependency's
 * proposal (SPEC U82); undefined for a missing dependency, or one stored as no map (SPEC H1).
 */
export function readDependencyDates(doc: Y.Doc, id: string): DependencyDates | undefined {
  const entry = depsMap(doc).get(id);
  if (!(entry instanceof Y.Map)) return undefined;
  // A state no release writes counts as a request, as the board reads it (dep-read).
  const state = memberOf(DEP_STATES, entry.get('state')) ?? 'requested';
  const dates = datesOf({
    state: entry.get('state'),
    committedDate: entry.get('committedDate'),
    proposedDate: entry.get('proposedDate'),
    declinedDate: entry.get('declinedDate'),
    proposalId: entry.get('proposalId'),
    acceptedProposal: entry.get('acceptedProposal'),
    declinedProposal: entry.get('declinedProposal'),
    movedProposal: currentMove(entry),
    accepts: entry.get('accepts'),
    declines: entry.get('declines'),
  });
  const day = (value: unknown) => (isDay(value) ? value : null);
  const proposedDate = day(dates.proposed);
  return { state, committedDate: day(dates.committed), proposedDate, proposalKey: proposedDate === null ? null : dates.key };
}

/**
 * The handshake only: writes a state and both dates together, as the release before writes them
 * (its tabs read nothing else), and the proposal's id where the proposal changes (SPEC U82).
 *
 * `proposedDate` is written when the proposal read changes, or when it stays but is not stored
 * there: a proposal the release before stored as a request's `committedDate` moves into
 * `proposedDate` as that `committedDate` is written (a flag writes it null, as the handshake reads
 * it), so the proposal stays (SPEC U6); the move also writes the date in `movedProposal`, so a new
 * proposal made at the same moment, which Yjs may order before the move, is still read as the
 * newer (datesOf). Otherwise nothing is written there: a dependency that never had a proposal
 * keeps the fields of the release before, and a write that keeps a proposal, or keeps none (a
 * flag on a declined one, say), writes nothing a new proposal made at the same moment could lose to.
 *
 * A new proposal writes a fresh `proposalId` beside its date, and never a key an answer writes but
 * to take back a decline of its own date (`declinedDate`, and `declinedProposal` when it names a
 * proposal of that date: a decline the release before's tab writes later, of the date alone, then
 * reads as the decline it is); it forgets a move it saw, whose date no longer needs telling apart.
 *
 * The first proposal with an id also makes the maps that keep every answer per proposal
 * (`accepts`, `declines`, SPEC U97), in the step that writes the id: anyone answering a proposal
 * with an id has them, and no two answerers make two maps of which Yjs would keep one. Two
 * proposals made at once may each make them; Yjs keeps the maps of the one it keeps the id of, as
 * both write the same keys from the same state, so the answers lost are to the proposal superseded.
 * A new proposal takes the declines of its own date it saw out of `declines`, as it empties a
 * `declinedDate` of that date: proposing a declined date again answers its decline, so an accept of
 * the proposal declined, made without seeing that, overrules nothing (SPEC U79). A decline of
 * another date stays, in the map as in `declinedDate`: an accept of it made without seeing it
 * overrules it, and U79 tells of it whichever of the two kept it. Only the standing proposal's
 * decline is read as one (datesOf).
 */
export function writeDependencyState(doc: Y.Doc, id: string, state: DepState, committedDate: IsoDay | null, proposedDate: IsoDay | null = null): void {
  writeDates(doc, id, state, committedDate, proposedDate, null);
}

/**
 * writeDependencyState, for an accept naming the proposal `accepted` (writeAcceptedProposal) or
 * for anything else (null). A commitment other than the one read, written other than by an accept,
 * empties `acceptedProposal`: `committedDate` may hold its date already, as the accept of a
 * superseded proposal, while an accept kept per proposal is read (SPEC U97, datesOf), and it reads
 * as written rather than as that accept. `committedDate` itself is written only where it changes:
 * a write of the date it holds would race, by client id, a concurrent accept's that it need not.
 */
function writeDates(doc: Y.Doc, id: string, state: DepState, committedDate: IsoDay | null, proposedDate: IsoDay | null, accepted: string | null): void {
  const entry = depsMap(doc).get(id);
  if (!entry) return;
  const before = readDependencyDates(doc, id);
  doc.transact(() => {
    setIfChanged(entry, 'state', state);
    setIfChanged(entry, 'committedDate', committedDate);
    if (accepted === null && before !== undefined && before.committedDate !== committedDate && entry.get('acceptedProposal') != null) entry.set('acceptedProposal', null);
    if (accepted !== null) entry.set('acceptedProposal', accepted);
    if (before?.proposedDate === proposedDate) {
      if (proposedDate === null || entry.get('proposedDate') === proposedDate) return;
      // Kept, but not stored in `proposedDate`: written there for the release before's tabs. A
      // proposal with an id is read by it wherever `proposedDate` stands, so a move is told only
      // for one without, and one told before needs no telling once the id's date is stored.
      const withId = before.proposalKey?.startsWith(`${proposedDate}~`) === true;
      if (!withId) entry.set('movedProposal', proposedDate);
      else if (entry.get('movedProposal') != null) entry.set('movedProposal', null);
      entry.set('proposedDate', proposedDate);
      return;
    }
    if (proposedDate === null) {
      if (entry.has('proposedDate')) setIfChanged(entry, 'proposedDate', null);
      return;
    }
    // Written even where it holds the date already (a declined proposal of it): a proposal made at
    // the same moment that Yjs keeps the id of keeps its date with it.
    entry.set('proposedDate', proposedDate);
    entry.set('proposalId', `${proposedDate}~${newId()}`);
    for (const answers of ['accepts', 'declines']) if (!(entry.get(answers) instanceof Y.Map)) entry.set(answers, new Y.Map<unknown>());
    // Proposing a declined date again answers its declines, here as in `declinedDate` (SPEC U79).
    const declines = entry.get('declines') as Y.Map<unknown>;
    for (const key of [...declines.keys()]) if (proposalDay(key) === proposedDate) declines.delete(key);
    if (entry.get('declinedDate') === proposedDate) {
      entry.set('declinedDate', null);
      // Emptied with it, so that the empty `declinedDate` is told apart from a take-back by a tab of
      // 7a0e54c, which empties it alone (datesOf).
      if (entry.get('declinedProposal') != null) entry.set('declinedProposal', null);
    } else if (proposalDay(entry.get('declinedProposal')) === proposedDate) entry.set('declinedProposal', null);
    if (entry.get('movedProposal') != null) entry.set('movedProposal', null);
  });
}

/**
 * The handshake only: the downstream accepts the proposal it read, named `key`, writing the
 * commitment (`writeDependencyState`) and the proposal's name in `acceptedProposal`, in one step.
 * Its empty `proposedDate` is for the release before's tabs: a new proposal made at the same
 * moment may lose that key to it by client id, and is still read by its id (SPEC U82). The accept of
 * a proposal with an id is also kept under it in `accepts`, where no accept of another proposal
 * replaces it (SPEC U97).
 */
export function writeAcceptedProposal(doc: Y.Doc, id: string, state: DepState, date: IsoDay, key: string): void {
  const entry = depsMap(doc).get(id);
  if (!entry) return;
  doc.transact(() => {
    writeDates(doc, id, state, date, null, key);
    keepAnswer(entry, 'accepts', key);
  });
}

/**
 * The handshake only: the downstream declines the proposal it read, of `date`, named `key`. The
 * proposal is not erased but marked declined, by its name (`declinedProposal`) and, for the
 * release before's tabs, its date (`declinedDate`), and nothing else is written: a new date the
 * upstream proposes at the same moment survives the merge whatever the client ids (SPEC U81), and
 * so does an accept of a proposal the release before stored as a request's committed date, whose
 * date the decline would otherwise erase (SPEC U86), and a proposal changed to another date and
 * back while the decline was offline (SPEC U82). The decline of a proposal with an id is also kept
 * under it in `declines`, where no decline of another proposal replaces it (SPEC U97).
 */
export function writeDeclinedProposal(doc: Y.Doc, id: string, date: IsoDay, key: string): void {
  const entry = depsMap(doc).get(id);
  if (!entry) return;
  doc.transact(() => {
    setIfChanged(entry, 'declinedDate', date);
    setIfChanged(entry, 'declinedProposal', key);
    keepAnswer(entry, 'declines', key);
  });
}

/**
 * Keeps an answer to the proposal `key` in the map `answers` when the key is a proposal's id and the
 * map is there (made with the first proposal with an id, writeDependencyState). Never made here:
 * two answers made at once would each make one, and Yjs would keep one map and lose the other's
 * answer. A proposal without an id (the release before's) is answered by the fields alone.
 */
function keepAnswer(entry: Y.Map<unknown>, answers: 'accepts' | 'declines', key: string): void {
  const map = entry.get(answers);
  if (isProposalId(key) && map instanceof Y.Map) map.set(key, true);
}
