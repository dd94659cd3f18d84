/**
 * The storage contracts the rooms and the HTTP layer see (DESIGN §6, SPEC N1–N4): a document log
 * (what a room loads and commits) and a catalogue (everything else a workspace keeps). SQLite
 * answers both synchronously (better-sqlite3), so a room commits a batch and relays it in the
 * same turn of the event loop and nothing can interleave between "committed" and "relayed";
 * PostgreSQL answers with promises. Callers on the hot path test for a promise rather than await
 * one, so the SQLite path costs what it did before the split.
 */

import type { Awaitable } from './awaitable';

export { isPending, type Awaitable } from './awaitable';

export type Role = 'facilitator' | 'editor' | 'viewer';
export const ROLES: readonly Role[] = ['facilitator', 'editor', 'viewer'];

export interface WorkspaceRecord {
  id: string;
  title: string;
  mode: string;
  createdAt: string;
  updatedAt: string;
}

/** What a room needs to rebuild its document: the compacted state and the log after it. */
export interface StoredDocument {
  state: Uint8Array | null;
  /**
   * True when there is no log after the state and the state's bytes are exactly those the server
   * wrote (their checksum matches): then they are the whole document, as a client can receive it.
   */
  stateIsWhole: boolean;
  /** The document schema (`meta.schema`) the state was written at, when known. */
  stateSchema: number | null;
  updates: Uint8Array[];
  updateBytes: number;
  lastSeq: number;
}

/** One workspace's share of a group commit. */
export interface CommitEntry {
  workspace: string;
  updates: Uint8Array[];
  /** Columns kept beside the document so listings need not load it. */
  summary?: { title: string; mode: string };
  /**
   * Snapshots taken by these updates (a meeting ending), stored in the same transaction (M2). One
   * whose id an earlier commit stored is not stored again, nor are the deliveries that name it: a
   * meeting's end has one id on every node that records it once the nodes agree on that end (M33).
   * One carried twice here (the same end recorded twice between two commits) is stored once, with
   * its minutes once per URL (`entry-records.ts`).
   */
  snapshots?: NewSnapshot[];
  /** Webhook deliveries these updates caused, stored in the same transaction (M9). */
  deliveries?: NewDelivery[];
}

/** A named copy of a workspace as of a moment (DESIGN §5 snapshots). */
export interface SnapshotRecord {
  id: string;
  label: string;
  at: string;
  /** Who took it: a member's name, a role, or null when a meeting's end took it. */
  by: string | null;
}

export interface NewSnapshot extends SnapshotRecord {
  workspace: string;
  /**
   * The document then as a Yjs update: whole (`base` null), applying on its own to a fresh
   * document; or only what it held beyond the whole snapshot `base`, applied over that one (M1).
   */
  data: Uint8Array;
  base: string | null;
  /**
   * What a whole snapshot holds, as a Yjs snapshot (state vector and delete set), so later
   * snapshots can store only what they add; null for the others.
   */
  extent: Uint8Array | null;
  /** What the record compares of it (a RecordBasis as JSON), kept so reading it needs no document. */
  basis: string;
}

/** The newest whole snapshot of a workspace: what the next snapshot may extend. */
export interface WholeSnapshot {
  id: string;
  extent: Uint8Array;
  /** The size of its data, which a snapshot extending it should stay well under. */
  bytes: number;
}

/** A stored snapshot's data, and the whole snapshot it extends if it is not whole itself. */
export type StoredSnapshot = SnapshotRecord & { data: Uint8Array; base: string | null };

export type WebhookEvent = 'pivot' | 'item.decided' | 'meeting.ended';

export interface WebhookConfig {
  urls: string[];
  /** The secret sealed with the link key (never stored in clear). */
  sealedSecret: string;
  updatedAt: string;
}

export interface NewDelivery {
  workspace: string;
  event: WebhookEvent;
  url: string;
  /** The JSON body, exactly as it is signed and sent. */
  body: string;
  /**
   * The snapshot of the same commit this delivery sends (a meeting end's minutes, M9): stored only
   * if that snapshot is, so an end recorded twice sends its minutes once (M33).
   */
  snapshot?: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRecord {
  id: number;
  workspace: string;
  event: WebhookEvent;
  url: string;
  body: string;
  createdAt: string;
  status: DeliveryStatus;
  attempts: number;
  /**
   * When a sender may next read the delivery: its next attempt, or while a PostgreSQL node holds
   * it, the end of that claim (N10). Every release gates on it.
   */
  nextAt: string;
  /**
   * When the delivery was due before the claim that moved `nextAt` (M30), or null when no claim of
   * this release did (never claimed, answered or withdrawn since, claimed by a node of the release before, or
   * SQLite, which does not claim). The delivery log reads it; senders do not.
   */
  claimedDueAt: string | null;
  /**
   * Every attempt's HTTP status: 0 for a request that got none (refused, timed out), null for an
   * attempt that sent nothing (M29: no server can sign it).
   */
  codes: Array<number | null>;
  /** Why the last attempt failed, or what a delivery left without an attempt waits for (M32). */
  lastError: string | null;
  doneAt: string | null;
}

/** What one attempt came to: delivered, another try at `nextAt`, or given up. */
export interface DeliveryAttempt {
  /** The HTTP status, 0 when the request got none, null when nothing was sent. */
  code: number | null;
  error: string | null;
  status: DeliveryStatus;
  nextAt: string;
  at: string;
}

/** Why a link stopped working: replaced by a new one (rotation), or its member was removed. */
export type RevokedWhy = 'replaced' | 'removed';

/** What a link token grants, as stored: a shared role link, or a member's personal link. */
export interface TokenGrant {
  workspace: string;
  role: Role;
  /** The member whose personal link it is; null for a shared role link. */
  member: { id: string; name: string } | null;
  /** When and why the link stopped working, and by whom (a member's name, when a member did it); null while it works. */
  revoked: { at: string; why: RevokedWhy; by: string | null } | null;
  /**
   * Who gave the member the role they have (A17): a member's name when a member changed it; null
   * for a shared role link, a role the member was invited with, or one the instance admin or a
   * guest on the shared facilitator link gave.
   */
  roleChangedBy: string | null;
}

/** A link token to store: only its hash, and for role links the sealed token (A1). */
export interface NewToken {
  hash: string;
  workspace: string;
  role: Role;
  member: string | null;
  /** Role links only: the token encrypted with the link key, so it can be shown again. */
  sealed: string | null;
}

/** When a link is replaced or revoked, by whom (a member's name, or null), and the session to keep. */
export interface TokenChange {
  at: string;
  by: string | null;
  /** With replaceToken: the caller's own session, moved onto the new token instead of ending. */
  keepSession?: string | null;
}

/**
 * The link a change to a workspace's people is asked on (SPEC A20): the change is written only if
 * that link still gives the facilitator role there when it is, so two facilitators changing each
 * other at once cannot both win. Null for the instance admin, whose token is no link.
 */
export type ActingLink = string | null;

/** A workspace's current shared link for one role. */
export interface RoleLinkRecord {
  role: Role;
  tokenHash: string;
  /** Null for a link stored before links were sealed (storage version 2): it cannot be shown. */
  sealed: string | null;
  createdAt: string;
}

export interface MemberRecord {
  id: string;
  workspace: string;
  name: string;
  email: string | null;
  role: Role;
  invitedAt: string;
  /** The member who invited them; null when the admin or a role link did. */
  invitedBy: string | null;
  /** When their personal link was first used. */
  joinedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export interface NewMember {
  id: string;
  workspace: string;
  name: string;
  email: string | null;
  role: Role;
  invitedBy: string | null;
}

/** A server-side session: the workspace and the credential it was opened with, re-checked on every use. */
export interface SessionRecord {
  workspace: string;
  tokenHash: string;
  lastSeenAt: string;
}

export interface NewWorkspace {
  id: string;
  title: string;
  mode: string;
  initialState: Uint8Array;
  /** `meta.schema` of the initial state. */
  initialSchema: number | null;
  tokenHashes: Record<Role, string>;
  /** The role tokens sealed with the link key (A1), so the links can be shown again. */
  sealedTokens?: Partial<Record<Role, string>>;
}

/** Rows of a workspace's update log read after a sequence number, for a node catching up. */
export interface LogTail {
  updates: Uint8Array[];
  /** The sequence number of the last row returned, or the one asked after when none is newer. */
  lastSeq: number;
  /** True when rows after the one asked for were compacted away: the caller must reload instead. */
  compacted: boolean;
}

/** What a room reads and writes: its document, as a compacted state and the log after it. */
export interface DocumentLog {
  /** Throws StorageError when the state row fails its checksum: nothing is served from it (H10). */
  loadDocument(workspace: string): Awaitable<StoredDocument>;
  /**
   * Appends every entry's updates in one transaction; throws (and writes nothing) on failure.
   * Answers, per entry, the sequence number of its last update (N2).
   */
  commit(entries: readonly CommitEntry[]): Awaitable<readonly number[]>;
  /** Replaces the log up to `uptoSeq` with `state` (at document schema `schema`), in one transaction. */
  compact(workspace: string, state: Uint8Array, uptoSeq: number, schema: number | null): Awaitable<void>;
  lastSeq(workspace: string): Awaitable<number>;
  /** The log after `afterSeq`, for a node that missed messages (N7). */
  readLog(workspace: string, afterSeq: number): Awaitable<LogTail>;
}

/** Everything a workspace keeps beside its document: people, links, sessions, the record. */
export interface Catalogue {
  createWorkspace(workspace: NewWorkspace): Awaitable<void>;
  listWorkspaces(): Awaitable<WorkspaceRecord[]>;
  getWorkspace(id: string): Awaitable<WorkspaceRecord | undefined>;
  countWorkspaces(): Awaitable<number>;
  findToken(tokenHash: string): Awaitable<TokenGrant | undefined>;
  /** The workspace's current shared role links. */
  roleLinks(workspace: string): Awaitable<RoleLinkRecord[]>;
  /**
   * In one transaction: revokes `oldHash` as replaced (when given), stores `next`, and moves the
   * session `keepSession` (the caller's own, when they replace their own link) onto it. Answers
   * false, having written nothing, when `acting` no longer gives the facilitator role.
   */
  replaceToken(oldHash: string | null, next: NewToken, change: TokenChange, acting: ActingLink): Awaitable<boolean>;
  /** Stores a member and their personal link's token in one transaction; false (nothing written) as replaceToken. */
  addMember(member: NewMember, token: NewToken, at: string, acting: ActingLink): Awaitable<boolean>;
  listMembers(workspace: string): Awaitable<MemberRecord[]>;
  getMember(workspace: string, id: string): Awaitable<MemberRecord | undefined>;
  /**
   * Marks the member and every link of theirs revoked; answers the revoked tokens' hashes, or null
   * (nothing written) when `acting` no longer gives the facilitator role.
   */
  revokeMember(workspace: string, id: string, change: TokenChange, acting: ActingLink): Awaitable<string[] | null>;
  /**
   * Gives the member, and every link of theirs still working, another role, in one transaction,
   * remembering who did (`by`: a member's name, or null); false (nothing written) as replaceToken.
   */
  changeMemberRole(workspace: string, id: string, role: Role, by: string | null, acting: ActingLink): Awaitable<boolean>;
  /** The member's personal link (unrevoked), by hash. */
  memberTokenHash(workspace: string, id: string): Awaitable<string | undefined>;
  /** Records that a member was seen; the first time is when they joined. */
  markMemberSeen(id: string, at: string): Awaitable<void>;
  createSession(idHash: string, workspace: string, tokenHash: string, at: string): Awaitable<void>;
  findSession(idHash: string): Awaitable<SessionRecord | undefined>;
  /** Marks sessions as used at `at`, in one transaction however many. */
  touchSessions(idHashes: readonly string[], at: string): Awaitable<void>;
  deleteSession(idHash: string): Awaitable<void>;
  /**
   * Ends a session its browser signed out of: deleted like any other, and remembered as signed
   * out until the idle sweep, so that another node closing its connections can say so (A5, N12).
   * Answers whether there was such a session; when there was none, nothing is remembered.
   */
  signOutSession(idHash: string, at: string): Awaitable<boolean>;
  /** Whether a session no longer stored was signed out (not swept, nor never opened). */
  wasSignedOut(idHash: string): Awaitable<boolean>;
  /** Deletes the sessions last used before `cutoff`, and the sign-outs before it; answers how many sessions. */
  deleteSessionsIdleSince(cutoff: string): Awaitable<number>;
  /** A workspace's snapshots, oldest first, without their data. */
  listSnapshots(workspace: string): Awaitable<SnapshotRecord[]>;
  getSnapshot(workspace: string, id: string): Awaitable<StoredSnapshot | undefined>;
  /** The latest whole snapshot that kept its extent (storage version 6 on). */
  latestWholeSnapshot(workspace: string): Awaitable<WholeSnapshot | undefined>;
  /** A snapshot's stored basis: null for one stored before bases were kept (storage version 4). */
  getSnapshotBasis(workspace: string, id: string): Awaitable<(SnapshotRecord & { basis: string | null }) | undefined>;
  /** Fills in the basis of a snapshot stored without one. */
  setSnapshotBasis(workspace: string, id: string, basis: string): Awaitable<void>;
  /**
   * Sets a workspace's webhook URLs, with `sealedSecret`, or keeping the secret stored when it is
   * null (one statement: a secret set meanwhile by another save is never written back over).
   * Answers whether a row holds them: false only when no secret was given and none was stored.
   */
  setWebhooks(workspace: string, urls: string[], sealedSecret: string | null, at: string): Awaitable<boolean>;
  getWebhooks(workspace: string): Awaitable<WebhookConfig | undefined>;
  /**
   * Replaces the workspace's sealed secret `read` with `resealed` (the same secret, sealed again,
   * M29), only while `read` is still stored: a secret a facilitator saves meanwhile is never
   * written over. Leaves `updatedAt` alone (no facilitator changed anything). Answers whether it did.
   */
  resealWebhookSecret(workspace: string, read: string, resealed: string): Awaitable<boolean>;
  /** Pending deliveries due at `now`, oldest first. */
  dueDeliveries(now: string, limit: number): Awaitable<DeliveryRecord[]>;
  /** The earliest `nextAt` of any pending delivery, or null. */
  nextDeliveryAt(): Awaitable<string | null>;
  /**
   * Records an attempt at `read`, the delivery as the sender read it, only while the outbox holds
   * it so (pending, `nextAt` unchanged: with PostgreSQL, this sender's claim, N10). Answers false
   * when not: another sender took it over once the claim lapsed, or it was withdrawn (M28), and
   * that one's outcome stands.
   */
  recordAttempt(read: Pick<DeliveryRecord, 'id' | 'nextAt'>, attempt: DeliveryAttempt): Awaitable<boolean>;
  /**
   * Ends this sender's hold on `read` without an attempt (M32: another node may sign it, or what
   * signs it cannot be told now): it is tried again at its `nextAt`, the claim's end, and `why` is
   * listed as its last error meanwhile. Answers false when the outbox no longer holds it as read,
   * as `recordAttempt`.
   */
  leaveDelivery(read: Pick<DeliveryRecord, 'id' | 'nextAt'>, why: string): Awaitable<boolean>;
  /**
   * Ends, as failed with `error`, a workspace's pending deliveries to any URL but `kept`: a URL
   * taken off its webhooks is sent nothing more (M28). Answers how many.
   */
  withdrawDeliveries(workspace: string, kept: readonly string[], error: string, at: string): Awaitable<number>;
  /** A workspace's deliveries, newest first. */
  listDeliveries(workspace: string, limit: number): Awaitable<DeliveryRecord[]>;
  /** Removes deliveries that ended (delivered or failed) before `before`; answers how many. */
  pruneDeliveries(before: string): Awaitable<number>;
}

/** Both contracts over one database, as a server opens it. */
export interface Store extends DocumentLog, Catalogue {
  /** Which database this is, for the start-up banner and /metrics. */
  readonly kind: 'sqlite' | 'postgres';
  close(): Awaitable<void>;
}

/** A failure of the storage medium itself (disk full, I/O error), as opposed to a bad request. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}
