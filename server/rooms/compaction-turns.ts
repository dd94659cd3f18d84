/**
 * How many due compactions (S6) run between two check phases of the event loop, where the count
 * starts again (a turn's I/O callbacks and its check phase may each take this many). Folding a
 * room's log away rewrites the pages its rows are spread over (a few milliseconds for a small room
 * with many busy rooms beside it, bench/log-pauses.ts); rooms that started together cross the
 * bound together, and 500 of them in one turn held every connection up for seconds.
 */
const COMPACTIONS_PER_TURN = 4;

/**
 * Hands out a turn's compactions: a room past its bound once this turn's are taken is asked again
 * on a later turn, waiting rooms before those that come later, so the pause a turn's compactions
 * make stays short. A waiting room that has commits under way when asked again drops out, and asks
 * again once they are stored. Compactions that must run now (a room unloading, the server
 * stopping) do not ask.
 */
export class CompactionTurns<R> {
  private taken = 0;
  private readonly waiting = new Set<R>();
  private turnEnds = false;

  /** `retry` asks a room that waited to compact again, if it still should. */
  constructor(private readonly retry: (room: R) => void) {}

  /** Whether `room` may compact in this turn; if not, it is asked again on a later one. */
  take(room: R): boolean {
    this.endTurnSoon();
    if (this.taken < COMPACTIONS_PER_TURN) {
      this.taken++;
      this.waiting.delete(room);
      return true;
    }
    this.waiting.add(room);
    return false;
  }

  private endTurnSoon(): void {
    if (this.turnEnds) return;
    this.turnEnds = true;
    setImmediate(() => {
      this.turnEnds = false;
      this.taken = 0;
      // Those that do not get a turn now are kept, ahead of rooms that come later.
      for (const room of [...this.waiting]) {
        if (this.taken >= COMPACTIONS_PER_TURN) break;
        this.waiting.delete(room);
        this.retry(room);
      }
      if (this.waiting.size > 0) this.endTurnSoon();
    });
  }
}
