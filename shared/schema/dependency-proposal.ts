import * as Y from 'yjs';
import { DEP_STATES, memberOf, type DepState } from './constants';

/**
 * A dependency's handshake fields as stored, each optional (absent means none) and raw: each
 * reader validates the dates as it does any stored field.
 */
interface StoredProposal {
  state?: unknown;
  committedDate?: unknown;
  proposedDate?: unknown;
  declinedDate?: unknown;
  proposalId?: unknown;
  acceptedProposal?: unknown;
  declinedProposal?: unknown;
  movedProposal?: unknown;
  /** Every accept of a proposal with an id, by that id (a Y.Map, or the plain object the JSON gives). */
  accepts?: unknown;
  /** Every decline of a proposal with an id, by that id, as `accepts`. */
  declines?: unknown;
}

/** The dates as every screen reads them, and which proposal an answer to the one read names (null for none). */
interface ReadDates {
  committed: unknown;
  proposed: unknown;
  key: string | null;
}

/**
 * Where a dependency's dates are, as stored (DESIGN §3 `deps`, SPEC U6, U81, U82).
 *
 * This release keeps a later date the upstream proposes back in the optional `proposedDate`, so
 * the dependency stays in its state until the downstream accepts or declines it. The release
 * before stored a proposal by moving the dependency back to `requested` with the date in
 * `committedDate`; since a request has no commitment, a `requested` dependency's `committedDate`
 * is read as its proposal, so that data opens as what it meant; a state no release writes counts
 * as a request, as the board reads it.
 *
 * An answer names the proposal it answered (SPEC U82): each proposal this release writes carries
 * a fresh `proposalId` (`<date>~<random>`), a decline writes that id in `declinedProposal` and an
 * accept in `acceptedProposal`. Named by its date alone, an answer would also answer a proposal
 * changed away and back to that date while it was offline, and an accept had to empty the key a
 * new proposal writes (Yjs keeps one of two such writes by client id). The dates are still written
 * as the release before writes them (a decline's `declinedDate`, an accept's empty
 * `proposedDate`), for its tabs, which read them alone; this reader takes them as the mirror of an
 * answer and gives the ids the last word only where a mirror would lose a proposal:
 * - the proposal is the one with the id while `proposedDate` holds the id's date (a tab of the
 *   release before proposing another date leaves a stale id: its proposal is read by date, as
 *   that release reads it), or while `proposedDate` holds the date a flag moved out of the old
 *   shape (`movedProposal`) as that new proposal replaced it, the move's own write (the caller
 *   reads it with currentMove);
 * - an empty `proposedDate` still leaves the proposal with the id open when an accept of another
 *   proposal, made without seeing it, emptied it: the accept named another proposal than the id
 *   beside it, and the commitment is still the one it made;
 * - a proposal is declined while `declinedDate` holds its date, unless it has an id of its own and
 *   a decline of another proposal of that date wrote it (`declinedProposal` names another proposal
 *   of that date): that decline answered a proposal changed away and back while it was offline (a
 *   proposal without an id, a tab of the release before's, is declined by its date as it reads it);
 * - a proposal of the date committed is none once an accept committed it: it has nothing left to
 *   decide (one of the release before's, without an id or an accept naming it, reads as it did).
 * A commitment an accept made reads as the accepted date where a new proposal made at the same
 * moment emptied `committedDate` as it moved the old shape's proposal out of it.
 *
 * The fields keep one answer each, by client id, so two answers made at once to two different
 * proposals (one offline to a proposal, one to the proposal made meanwhile) would lose one of
 * them. So every answer to a proposal with an id is also kept per proposal, under that id in the
 * optional maps `accepts` and `declines` (SPEC U97), and the standing proposal's answers there
 * outrank the fields: it is declined when `declines` holds it, and an accept of it in `accepts`
 * is the commitment where the fields hold an accept of a proposal it superseded. An answer to a
 * superseded proposal never wins over one to the standing proposal, whatever the client ids and
 * the order of delivery; the release before's tabs, which write no map, are read by the fields.
 *
 * @example datesOf({ state: 'requested', committedDate: '2026-01-10' }) // { committed: null, proposed: '2026-01-10', key: '2026-01-10' }
 */
export function datesOf(stored: StoredProposal): ReadDates {
  const fields = namesOf(stored);
  const committed = commitmentOf(stored, fields);
  const proposal = candidateOf(stored, fields, committed);
  if (proposal === null || isClosed(proposal, committed, fields, stored)) return { committed, proposed: null, key: null };
  return { committed, proposed: proposal.date, key: proposal.key };
}

/** What datesOf reads of a dependency beside its dates: its state, its proposal's id, the name an accept gave, and whether it is the old shape. */
interface Names {
  state: DepState;
  /** The proposal id beside the dates, when it is one (`<date>~<random>`). */
  id: string | null;
  /** The name `acceptedProposal` gives, and the date it begins with. */
  accepted: ParsedName | null;
  /** A proposal the release before stored on a request, in `committedDate`. */
  oldShape: boolean;
  /** Whether the proposal with the id was accepted, and declined (a decline not taken back), as `accepts` and `declines` keep its answers. */
  idAccepted: boolean;
  idDeclined: boolean;
}

/** A proposal the screens may read, and the name an answer to it writes. */
interface Candidate {
  date: unknown;
  key: string | null;
}

function namesOf(stored: StoredProposal): Names {
  const state = memberOf(DEP_STATES, stored.state) ?? 'requested';
  const proposalId = parseName(stored.proposalId);
  const accepted = parseName(stored.acceptedProposal);
  const { committedDate, proposedDate } = stored;
  // A request beside the date an accept named is that accept's commitment, its state lost to a
  // flag cleared at the same moment, not a proposal the release before stored on a request.
  const oldShape = state === 'requested' && typeof proposedDate !== 'string' && typeof committedDate === 'string' && committedDate !== accepted?.day;
  const id = proposalId?.isId ? proposalId.name : null;
  // A tab of 7a0e54c takes a decline back only by emptying `declinedDate` as it proposes the date
  // again, beside the id and the `declinedProposal` still naming it: a decline this release keeps
  // there is taken back so too. A proposal with an id empties `declinedProposal` with it (and writes
  // an id of its own): where Yjs kept its empty `declinedDate` but another proposal's id, the
  // standing proposal's decline stands. Every decline writes a `declinedDate`: an answer beside
  // none at all was written by no decline (SPEC H1).
  const takenBack = stored.declinedDate === null && stored.declinedProposal === id;
  const idDeclined = id !== null && keeps(stored.declines, id) && stored.declinedDate !== undefined && !takenBack;
  return { state, id, accepted, oldShape, idAccepted: id !== null && keeps(stored.accepts, id), idDeclined };
}

/**
 * Whether a map of answers keeps one for the proposal `id`: as stored (a Y.Map) or as the JSON
 * gives it. Any client may store anything there (SPEC H1): only `true` under the id is an answer.
 */
function keeps(answers: unknown, id: string): boolean {
  if (answers instanceof Y.Map) return answers.get(id) === true;
  return typeof answers === 'object' && answers !== null && !Array.isArray(answers) && Object.hasOwn(answers, id) && (answers as Record<string, unknown>)[id] === true;
}

/**
 * The commitment: `committedDate` but in the old shape, where it is the proposal; where a new
 * proposal made as an accept emptied it, moving the old shape's proposal out, the date accepted;
 * and where it is the date of an accept of a proposal the one with the id superseded, kept in the
 * fields by client id over an accept of the one with the id (`accepts`), that one's date (SPEC U97).
 * A commitment written after both reads as written: a direct commitment empties `acceptedProposal`
 * (writeDependencyState), and an accept names another.
 */
function commitmentOf(stored: StoredProposal, { state, id, accepted, oldShape, idAccepted }: Names): unknown {
  if (oldShape) return null;
  const stated = stored.committedDate ?? null;
  const commitment = stated === null && state !== 'requested' && accepted !== null ? accepted.day : stated;
  if (idAccepted && accepted !== null && accepted.name !== id && commitment === accepted.day) return id!.slice(0, 10);
  return commitment;
}

/** The proposal the fields hold, before asking whether an answer closed it. */
function candidateOf(stored: StoredProposal, { state, id, accepted, oldShape }: Names, committed: unknown): Candidate | null {
  const { committedDate, proposedDate } = stored;
  if (oldShape) return { date: committedDate, key: keyOf(committedDate as string, stored.proposalId) };
  const idDay = id === null ? null : id.slice(0, 10);
  if (typeof proposedDate === 'string') {
    if (id !== null && (proposedDate === idDay || proposedDate === stored.movedProposal)) return { date: idDay, key: id };
    return { date: proposedDate, key: keyOf(proposedDate, stored.proposalId) };
  }
  // Emptied by an accept of another proposal, made without seeing the one with the id.
  if (id !== null && accepted !== null && accepted.id !== id && state !== 'done' && committed === accepted.day) return { date: idDay, key: id };
  return null;
}

/**
 * Whether an answer closed the proposal: it is of the date committed, with an id or the name an
 * accept gave it, so an accept of it, or of another proposal of that date, made at the same
 * moment as it was proposed or moved (which Yjs orders after the accept's empty `proposedDate`),
 * committed it; or a decline answered it, as the fields say or, for the proposal with the id, as
 * `declines` keeps it (SPEC U97).
 */
function isClosed(proposal: Candidate, committed: unknown, { id, accepted, idDeclined }: Names, stored: StoredProposal): boolean {
  if (proposal.date === committed && (proposal.key === id || proposal.key === accepted?.name)) return true;
  if (proposal.key === id && idDeclined) return true;
  return isDeclined(proposal.date, proposal.key, stored.declinedDate, stored.declinedProposal);
}

/**
 * A dependency's `movedProposal` while it still tells a move apart (SPEC U82): while
 * `proposedDate` holds the move's own write, the one its writer made right after it (writeDependencyState),
 * and null once anything else wrote there. A tab of the release before, which knows nothing of
 * the move, proposing another date and then the moved one again makes a proposal of its own:
 * read by the stale move, it would bring back the proposal with the id that the move raced.
 */
export function currentMove(entry: Y.Map<unknown>): unknown {
  const moved = entry._map.get('movedProposal');
  const proposed = entry._map.get('proposedDate');
  if (!moved || moved.deleted || !proposed || proposed.deleted) return null;
  return proposed.id.client === moved.id.client && proposed.id.clock === moved.id.clock + moved.length ? entry.get('movedProposal') : null;
}

/**
 * Whether a decline answered the proposal of `date` named `key` (SPEC U81, U82): `declinedDate`
 * holds its date, and, for a proposal with an id of its own, not because a decline of another
 * proposal of that date wrote it.
 */
function isDeclined(date: unknown, key: string | null, declinedDate: unknown, declinedProposal: unknown): boolean {
  if (typeof date !== 'string' || date !== declinedDate) return false;
  // A proposal without an id of its own (a tab of the release before's) is declined by its date, as that release reads it.
  if (!parseName(key)?.isId) return true;
  const declined = parseName(declinedProposal);
  return !(declined !== null && declined.name !== key && declined.day === date);
}

/**
 * The name an answer gives a proposal that carries no id of its own (one stored by the release
 * before, or proposed by its tab over a stale id): its date, and the id then beside it, so that an
 * accept of it is not taken for an accept of another proposal than that id (see datesOf).
 */
function keyOf(date: string, proposalId: unknown): string {
  return typeof proposalId === 'string' ? `${date}@${proposalId}` : date;
}

/** An id or an answer's name, read by parseName. */
interface ParsedName {
  name: string;
  /** The date it begins with. */
  day: string;
  /** Whether it is a proposal's own id (`<date>~<random>`). */
  isId: boolean;
  /** The id it names: itself when it is one, the one after `@` in a name keyOf gave, null for a date alone. */
  id: string | null;
}

/**
 * The one grammar of the names a proposal and its answers carry (SPEC U82): an id
 * `<date>~<random>`, a name keyOf gives a proposal without one (`<date>@<id>` or the date alone).
 * Anything else, as any client may store anything, is no name.
 */
function parseName(name: unknown): ParsedName | null {
  if (typeof name !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|([~@]))/.exec(name);
  if (!match) return null;
  const day = match[1]!;
  if (match[2] === '~') return { name, day, isId: true, id: name };
  return { name, day, isId: false, id: match[2] === '@' ? name.slice(day.length + 1) : null };
}

/** Whether a name is a proposal's own id (`<date>~<random>`), under which `accepts` and `declines` keep its answers. */
export function isProposalId(name: unknown): name is string {
  return parseName(name)?.isId === true;
}

/** The date an id or an answer's name begins with, or null when it is none. */
export function proposalDay(name: unknown): string | null {
  return parseName(name)?.day ?? null;
}

/**
 * Whether the upstream offering to deliver on `dateMs` proposes rather than commits: a date after
 * `needBy` is a counter-offer the needing side accepts or declines (SPEC U6).
 */
export function isProposal(dateMs: number | null, needByMs: number | null): boolean {
  return dateMs !== null && needByMs !== null && dateMs > needByMs;
}
