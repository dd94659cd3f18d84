import { SCHEMA_VERSION } from '../../shared/schema/constants';
import { migrateWorkspace } from '../../shared/schema/migrations';
import { readSchemaVersion } from '../../shared/schema/workspace';
import type { Limits } from '../config';
import type { RefusalReason, Refusals } from '../observability/refusals';
import { CloseCode } from '../../shared/protocol/close-codes';
import { isPending, type Awaitable, type DocumentLog, type StoredDocument } from '../storage/store';
import type { RoomCluster } from './room-cluster';
import { CompactionTurns } from './compaction-turns';
import { GroupCommit, type Committable } from './group-commit';
import type { CompactionPolicy } from './log-compaction';
import { Room, RoomLoadError, type RoomHost } from './room';
import { RuleRunner, type RuleRunnerOptions } from './rule-runner';
import { guardSchemaVersion } from './schema-guard';
import { guardFacilitatorsOnly } from './facilitator-guard';
import { RecordWatcher, type RecordSink } from './record-watcher';
import { AttendanceRegister } from './attendance-register';

/**
 * A stored state smaller than this is built as its room opens rather than after its first
 * newcomer is answered (S8): a blank workspace builds in well under a millisecond, and a burst of
 * rooms opening together (a server's restart, the start of a working day) would otherwise build
 * them all in the one turn after the burst, just as their first edits arrive. The demo workspace
 * (25 KB, 1.2 ms) is still answered from its bytes first.
 */
const SERVE_BEFORE_BUILD_BYTES = 16 * 1024;

export interface RoomRegistryOptions {
  /** How long an unused room stays loaded, so a quick reconnect does not reload it. */
  idleMs: number;
  compaction: CompactionPolicy;
  rules: RuleRunnerOptions;
  limits: Limits;
  refusals: Refusals;
  /** Keeps the record of meetings (snapshots, webhook deliveries); none in tools that need no record. */
  record?: RecordSink;
  /** The other nodes serving the same workspaces (REDIS_URL); none when this node is alone. */
  cluster?: RoomCluster;
}

/** The origin of schema migrations run on load. */
export const MIGRATION_ORIGIN = 'throughline:migration';
/** The transaction origin of what only a facilitator writes, put back because a connection that may not write it did (A21). */
const FACILITATOR_GUARD_ORIGIN = 'throughline:facilitator-guard';

/**
 * Loads each workspace's room once and unloads it after its last user leaves and `idleMs` pass.
 * With SQLite, storage is synchronous, so a load or an unload runs start to finish within one
 * turn of the event loop: a client that arrives "during" an unload arrives after it and loads
 * afresh from what was committed. With PostgreSQL a load is a promise that every caller asking
 * for the workspace meanwhile shares.
 */
export class RoomRegistry implements RoomHost {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  private readonly runners = new Map<Room, RuleRunner>();
  private readonly watchers = new Map<Room, RecordWatcher>();
  private readonly registers = new Map<Room, AttendanceRegister>();
  private compactions = 0;
  private readonly compactionTurns = new CompactionTurns<Room>((room) => {
    if (this.rooms.get(room.id) !== room) return;
    try {
      room.compactIfDue();
    } catch (error) {
      this.confine(room, error);
    }
  });
  private closing = false;
  /** Workspaces whose room failed: they are built before anyone is answered, so a load error is a 503. */
  private readonly buildFirst = new Set<string>();
  readonly groupCommit: GroupCommit;

  constructor(
    private readonly log: DocumentLog,
    private readonly options: RoomRegistryOptions,
  ) {
    this.groupCommit = new GroupCommit(log);
    // A node that takes a workspace's rules over evaluates them at once: a red stored while no
    // node led pivots now, not at the next change (N8). It records a meeting's end the node that
    // led before it left unrecorded (M33).
    options.cluster?.onLead((workspace) => {
      const room = this.rooms.get(workspace);
      if (!room) return;
      this.runners.get(room)?.evaluateSoon();
      this.watchers.get(room)?.recordMissedEnd();
    });
  }

  /**
   * The loaded room for a workspace, loading it first; throws (or rejects with) RoomLoadError if
   * storage cannot. With SQLite the answer is always the room itself.
   */
  open(workspace: string): Awaitable<Room> {
    if (this.closing) throw new RoomLoadError(workspace, { cause: new Error('the server is shutting down') });
    const room = this.rooms.get(workspace);
    if (room) {
      this.cancelIdle(room);
      return room;
    }
    const loading = this.loading.get(workspace);
    if (loading) return loading;
    let stored: Awaitable<StoredDocument>;
    try {
      stored = this.log.loadDocument(workspace);
    } catch (error) {
      throw new RoomLoadError(workspace, { cause: error });
    }
    if (!isPending(stored)) return this.place(workspace, stored);
    const load = stored.then(
      (document) => this.place(workspace, document),
      (error: unknown) => {
        throw new RoomLoadError(workspace, { cause: error });
      },
    );
    this.loading.set(workspace, load);
    void load.finally(() => this.loading.delete(workspace)).catch(() => {});
    return load;
  }

  /** Runs `body` with the room held open, for callers that are not connections. */
  async withRoom<T>(workspace: string, body: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.open(workspace);
    room.hold();
    try {
      return await body(room);
    } finally {
      room.release();
    }
  }

  /** The rule runner of a loaded room, which starts when its document is built. */
  rulesFor(room: Room): RuleRunner {
    room.ensureBuilt();
    const runner = this.runners.get(room);
    if (!runner) throw new Error(`The room ${room.id} is not loaded.`);
    return runner;
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  get connectionCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.connectionCount;
    return count;
  }

  get compactionCount(): number {
    return this.compactions;
  }

  mayCompact(room: Room): boolean {
    return this.options.cluster?.leads(room.id) ?? true;
  }

  compactionTurn(room: Room): boolean {
    return this.compactionTurns.take(room);
  }

  compacted(): void {
    this.compactions++;
  }

  stored(room: Room, updates: readonly Uint8Array[], lastSeq: number): void {
    this.options.cluster?.stored(room, updates, lastSeq);
  }

  get presence(): ((room: Room, update: Uint8Array) => void) | null {
    const cluster = this.options.cluster;
    return cluster ? (room, update) => cluster.presence(room, update) : null;
  }

  behind(room: Room): void {
    this.options.cluster?.behind(room);
  }

  refused(reason: RefusalReason): void {
    this.options.refusals.count(reason);
  }

  scheduleCommit(queue: Committable): void {
    this.groupCommit.schedule(queue);
  }

  idle(room: Room): void {
    this.cancelIdle(room);
    const timer = setTimeout(() => this.unload(room), this.options.idleMs);
    timer.unref();
    this.idleTimers.set(room, timer);
  }

  failed(room: Room): void {
    this.buildFirst.add(room.id);
    this.cancelIdle(room);
    this.stopWatchers(room);
    if (this.rooms.get(room.id) === room) this.forget(room);
  }

  /** Commits what is pending and unloads every room; for shutdown. With SQLite it is done on return. */
  async closeAll(): Promise<void> {
    this.closing = true;
    // Who was present goes into the last commit with everything else; registers stop first, so
    // nobody noticed while that commit is stored is gathered into a change no commit will hold.
    for (const register of this.registers.values()) register.stop();
    this.registers.clear();
    const flushed = this.groupCommit.flush();
    if (isPending(flushed)) await flushed;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const room of this.rooms.values()) {
      this.stopWatchers(room);
      this.compactBeforeUnload(room);
      room.shutdown(CloseCode.goingAway, 'server shutting down');
      this.options.cluster?.closed(room);
    }
    this.rooms.clear();
  }

  private unload(room: Room): void {
    this.idleTimers.delete(room);
    if (room.inUse || this.rooms.get(room.id) !== room) return;
    // People gathered but not yet written (an audience's last second) are pending like any change.
    this.registers.get(room)?.flush();
    if (room.hasPending) {
      const flushed = this.groupCommit.flush();
      // PostgreSQL: unload once stored, unless someone came back meanwhile.
      if (isPending(flushed)) {
        // A write that landed meanwhile (the rules' debounce) is flushed by the next attempt.
        void flushed.then(() => {
          if (!room.inUse) this.unload(room);
        });
        return;
      }
    }
    // A failed flush has already removed the room.
    if (this.rooms.get(room.id) !== room) return;
    this.stopWatchers(room);
    // Before the cluster forgets the room: with several nodes only the lease holder compacts (S6).
    this.compactBeforeUnload(room);
    this.forget(room);
    room.destroy();
  }

  /**
   * Compaction re-encodes the whole document, which a value a client stored can make throw; here
   * that would escape an idle timer or the shutdown and end the process. The log it would have
   * replaced is intact, so the room unloads without it (H1).
   */
  private compactBeforeUnload(room: Room): void {
    try {
      room.compactLog();
    } catch (error) {
      console.error(`[rooms] ${room.id}: compaction before unloading failed, keeping the log: ${(error as Error).stack ?? String(error)}`);
    }
  }

  /** Work for one room that threw where nothing should: logged, and only that room goes (H1). */
  private confine(room: Room, error: unknown): void {
    console.error(`[rooms] ${room.id}: ${(error as Error).stack ?? String(error)}`);
    room.fail(error, 'internal error, reconnect');
  }

  private place(workspace: string, stored: StoredDocument): Room {
    const serveBeforeBuild = !this.buildFirst.has(workspace) && (stored.state?.length ?? 0) >= SERVE_BEFORE_BUILD_BYTES;
    const room = Room.load(workspace, stored, this.log, this, this.options, { serveBeforeBuild });
    this.rooms.set(workspace, room);
    this.options.cluster?.opened(room);
    return room;
  }

  private forget(room: Room): void {
    this.rooms.delete(room.id);
    this.options.cluster?.closed(room);
  }

  /**
   * A room's document is changed by no one before it is on the current schema (DESIGN §3:
   * migrations run on load).
   */
  built(room: Room): void {
    // A document already on the current schema, as nearly every one is, needs no transaction.
    if (readSchemaVersion(room.doc) !== SCHEMA_VERSION) room.change((doc) => migrateWorkspace(doc), MIGRATION_ORIGIN);
    guardSchemaVersion(
      room.doc,
      MIGRATION_ORIGIN,
      (restore) => {
        if (!room.isClosed) room.change(restore, MIGRATION_ORIGIN);
      },
      (error) => this.confine(room, error),
    );
    guardFacilitatorsOnly(
      room.doc,
      (client) => room.writerRole(client),
      (restore) => {
        if (!room.isClosed) room.change(restore, FACILITATOR_GUARD_ORIGIN);
      },
      (error) => this.confine(room, error),
    );
    // Only once the document is known to be servable may its log be rewritten (S5).
    room.compactIfDue();
    const cluster = this.options.cluster;
    const record = this.options.record;
    // With several nodes, the node that runs a workspace's rules is the one that records it (N8).
    const register = new AttendanceRegister(room, this.options.rules.clock);
    this.registers.set(room, register);
    if (record) {
      // A node that does not lead takes every end as the lead's to record: no look, no retry of one.
      const sink: RecordSink = cluster
        ? { recordsFor: (...args) => (cluster.leads(room.id) ? record.recordsFor(...args) : {}), endRecorded: (...args) => !cluster.leads(room.id) || record.endRecorded(...args) }
        : record;
      const watcher = new RecordWatcher(room, sink, () => register.flush());
      this.watchers.set(room, watcher);
      // An end stored without its record (M33): one node with PostgreSQL stopped between the two;
      // with several, the lead records it as it takes the lead, which may have come before this.
      if (!cluster || cluster.leads(room.id)) watcher.recordMissedEnd();
    }
    const runner = new RuleRunner(room.id, room, cluster ? { ...this.options.rules, leads: () => cluster.leads(room.id) } : this.options.rules);
    this.runners.set(room, runner);
    // Evaluated just after the first client has been answered, not before: a loading room
    // should not make its first visitor wait for the rules.
    runner.evaluateSoon();
    this.buildFirst.delete(room.id);
  }

  /** Stops what watches a room's document: its rules, its record and its attendance register (which first writes what it gathered). */
  private stopWatchers(room: Room): void {
    this.runners.get(room)?.stop();
    this.runners.delete(room);
    this.watchers.get(room)?.stop();
    this.watchers.delete(room);
    this.registers.get(room)?.stop();
    this.registers.delete(room);
  }

  private cancelIdle(room: Room): void {
    const timer = this.idleTimers.get(room);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(room);
  }
}
