/**
 * The storage interface the rooms and the HTTP layer see. It is synchronous and transactional
 * on purpose (better-sqlite3 is synchronous): a room can commit a batch and relay it in the same
 * turn of the event loop, and nothing can interleave between "committed" and "relayed".
 */

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
}

export interface TokenGrant {
  workspace: string;
  role: Role;
}

export interface NewWorkspace {
  id: string;
  title: string;
  mode: string;
  initialState: Uint8Array;
  /** `meta.schema` of the initial state. */
  initialSchema: number | null;
  tokenHashes: Record<Role, string>;
}

export interface Store {
  createWorkspace(workspace: NewWorkspace): void;
  listWorkspaces(): WorkspaceRecord[];
  getWorkspace(id: string): WorkspaceRecord | undefined;
  countWorkspaces(): number;
  findToken(tokenHash: string): TokenGrant | undefined;
  /** Throws StorageError when the state row fails its checksum: nothing is served from it (H10). */
  loadDocument(workspace: string): StoredDocument;
  /** Appends every entry's updates in one transaction; throws (and writes nothing) on failure. */
  commit(entries: readonly CommitEntry[]): void;
  /** Replaces the log up to `uptoSeq` with `state` (at document schema `schema`), in one transaction. */
  compact(workspace: string, state: Uint8Array, uptoSeq: number, schema: number | null): void;
  lastSeq(workspace: string): number;
  close(): void;
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
