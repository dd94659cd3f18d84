import { DomainError } from '../errors';
import type { Catalogue } from '../storage/store';
import { writeQuietly } from '../storage/bookkeeping';
import { hashToken, newToken } from './tokens';

export interface SessionOptions {
  /** A session unused for this long ends (an open WebSocket counts as use). */
  idleMs: number;
  clock: () => Date;
}

/** The longest a session's last use may go unwritten: its idle time is measured to about this. */
const MAX_TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions (SPEC A5). A link is exchanged for a random session id, which only the
 * browser's HttpOnly cookie holds; the database keeps its SHA-256, the workspace and the link it
 * was opened with, whose role and member are re-checked on every use. A session unused for the
 * idle time ends; one with a live WebSocket is in use however long the meeting runs.
 */
export class Sessions {
  /** Open WebSockets per session hash. */
  private readonly live = new Map<string, number>();
  private readonly touchEveryMs: number;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Catalogue,
    private readonly options: SessionOptions,
  ) {
    this.touchEveryMs = Math.max(1, Math.min(MAX_TOUCH_INTERVAL_MS, Math.floor(options.idleMs / 4)));
  }

  /** Opens a session on `workspace` for the credential `tokenHash`; answers its id, for the cookie only. */
  async open(workspace: string, tokenHash: string): Promise<string> {
    const id = newToken();
    await this.store.createSession(hashToken(id), workspace, tokenHash, this.now().toISOString());
    return id;
  }

  /**
   * The session behind a cookie of `workspace`: its hash and the credential it was opened with;
   * undefined when there is no such session. Throws 401 when it has been idle too long (and ends it).
   */
  async find(sessionId: string, workspace: string): Promise<{ hash: string; tokenHash: string } | undefined> {
    const hash = hashToken(sessionId);
    const session = await this.store.findSession(hash);
    if (!session || session.workspace !== workspace) return undefined;
    const now = this.now().getTime();
    const idle = now - Date.parse(session.lastSeenAt);
    if (idle > this.options.idleMs && !this.live.has(hash)) {
      writeQuietly('sessions', () => this.store.deleteSession(hash));
      throw new DomainError(
        'unauthenticated',
        'session_expired',
        `You were signed out of this review after ${describeDuration(this.options.idleMs)} without using it. Open your link again to come back.`,
      );
    }
    if (idle >= this.touchEveryMs) writeQuietly('sessions', () => this.store.touchSessions([hash], new Date(now).toISOString()));
    return { hash, tokenHash: session.tokenHash };
  }

  /** Ends a session on the server (logout); answers its hash, or null when it was not one. */
  async end(sessionId: string): Promise<string | null> {
    const hash = hashToken(sessionId);
    return (await this.store.signOutSession(hash, this.now().toISOString())) ? hash : null;
  }

  /** A WebSocket opened with this session: the session is in use until it closes. */
  attach(hash: string): void {
    this.live.set(hash, (this.live.get(hash) ?? 0) + 1);
  }

  detach(hash: string): void {
    const count = (this.live.get(hash) ?? 1) - 1;
    if (count > 0) {
      this.live.set(hash, count);
      return;
    }
    this.live.delete(hash);
    // Idle from now, not from whenever it was last written.
    writeQuietly('sessions', () => this.store.touchSessions([hash], this.now().toISOString()));
  }

  /** Keeps sessions with live connections fresh and deletes the idle ones, now and then. */
  startSweeping(): void {
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(this.options.idleMs, 10 * MAX_TOUCH_INTERVAL_MS));
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  sweep(): void {
    const now = this.now();
    if (this.live.size > 0) writeQuietly('sessions', () => this.store.touchSessions([...this.live.keys()], now.toISOString()));
    writeQuietly('sessions', () => this.store.deleteSessionsIdleSince(new Date(now.getTime() - this.options.idleMs).toISOString()));
  }

  private now(): Date {
    return this.options.clock();
  }
}

/** "45 minutes", "8 hours", "7 days": the idle time as a person says it. */
function describeDuration(ms: number): string {
  const count = (n: number, unit: string) => (n === 1 ? `1 ${unit}` : `${n} ${unit}s`);
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return count(Math.max(1, Math.round(ms / 1000)), 'second');
  if (minutes < 120) return count(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return hours < 48 ? count(hours, 'hour') : count(Math.round(hours / 24), 'day');
}
