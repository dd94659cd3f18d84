import { CloseCode } from '../../shared/protocol/close-codes';

/**
 * The server refuses something this browser sent, and will refuse it again (SPEC U41): what the
 * banner in place of "connection lost" says instead of promising a sync that cannot happen.
 */
export interface ChangesRefused {
  /**
   * The close code, for the record (shared/protocol/close-codes); null for a viewer's changes,
   * which the server drops without closing (R3).
   */
  code: number | null;
  /** What was refused, in words for a person. */
  sentence: string;
  /**
   * Whether trying again can help: a server's limits may have been raised since, while a viewer
   * stays one until a facilitator says otherwise. Only a refusal that can be retried stops the
   * connection; a viewer's goes on receiving everyone else's changes.
   */
  canRetry: boolean;
}

/**
 * A viewer's browser holds `count` edits the server never took (SPEC A19): made while it was away
 * by someone whose role has since become viewer, or under another link in this browser. The
 * server drops whatever a viewer sends (R3), so they can never be saved from here.
 */
export function viewerRefusal(count: number): ChangesRefused {
  const edits = count === 1 ? 'the edit' : `the ${count} edits`;
  return {
    code: null,
    sentence: `You can only view this review now, so ${edits} made in this browser that had not reached the server cannot be saved. Everyone else’s changes keep arriving.`,
    canRetry: false,
  };
}

/**
 * The closes by which the server refuses what a connection sent rather than the connection
 * itself. This browser keeps the refused change (in the document and in IndexedDB), and the sync
 * handshake of every new socket sends it again, so each of these repeats on every reconnect.
 */
const REFUSAL_SENTENCES = new Map<number, string>([
  [CloseCode.messageTooBig, 'A change made in this browser is larger than the server accepts: something very large may have been pasted.'],
  [CloseCode.updateOverBudget, 'A change made in this browser is larger than the server accepts at once.'],
  [CloseCode.invalidPayload, 'A change made in this browser could not be read by the server.'],
  [CloseCode.heldBackLimit, 'A change made in this browser builds on content the server does not have.'],
]);

/**
 * How soon after a socket opens a refusal counts as one of its handshake, which resends what this
 * browser holds: the server answers at once, or once it has loaded the room.
 */
const HANDSHAKE_MS = 10_000;

/**
 * Tells a refusal that will keep coming back from one that will not. One refusal is not enough:
 * 4003 can refuse an honest tab once, when it builds on another tab's change that has not reached
 * the server yet, and the next socket's handshake carries both. A refusal of the next socket's
 * handshake is: that socket sent nothing but what this browser already held, so the one after it
 * would send the same. A later refusal of a socket that lived past its handshake refused
 * something new, and starts a run of its own.
 */
export class RefusalWatch {
  /** Sockets that opened so far. */
  private opened = 0;
  private openedAt = 0;
  /** The socket (by its `opened` number) whose close last refused a change. */
  private refusedSocket = -1;
  private refusal: ChangesRefused | null = null;

  /** What was refused twice in a row, once it was; null while changes may still be taken. */
  get current(): ChangesRefused | null {
    return this.refusal;
  }

  /** A socket opened (the provider's `connected` status) at `at` (epoch ms). */
  socketOpened(at: number): void {
    this.opened++;
    this.openedAt = at;
  }

  /**
   * A socket closed with `code` at `at`: true when this close refused its handshake, and the
   * socket opened just before it was refused too. A socket in between that closed for another
   * reason breaks the run; attempts that never opened (the server was down meanwhile) do not.
   */
  socketClosed(code: number, at: number): boolean {
    const sentence = REFUSAL_SENTENCES.get(code);
    if (sentence === undefined) return false;
    const again = this.opened > 0 && this.refusedSocket === this.opened - 1 && at - this.openedAt < HANDSHAKE_MS;
    this.refusedSocket = this.opened;
    if (again) this.refusal = { code, sentence, canRetry: true };
    return again;
  }

  /** Someone tries again ("Try again": a server's limits may have been raised). */
  reset(): void {
    this.refusedSocket = -1;
    this.refusal = null;
  }
}
