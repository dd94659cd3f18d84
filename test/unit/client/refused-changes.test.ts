import { describe, expect, it } from 'vitest';
import { RefusalWatch } from '../../../client/sync/refused-changes';
import { CloseCode } from '../../../shared/protocol/close-codes';

/** A socket that opens at `at` and closes with `code` `after` ms later; whether the watch stops there. */
function socket(watch: RefusalWatch, code: number, at: number, after = 100): boolean {
  watch.socketOpened(at);
  return watch.socketClosed(code, at + after);
}

describe('RefusalWatch (SPEC U41)', () => {
  it('stops at a refusal the next socket’s handshake repeats, not at the first', () => {
    const watch = new RefusalWatch();
    expect(socket(watch, CloseCode.messageTooBig, 0, 60_000)).toBe(false);
    expect(watch.current).toBeNull();
    expect(socket(watch, CloseCode.messageTooBig, 61_000)).toBe(true);
    expect(watch.current?.code).toBe(CloseCode.messageTooBig);
    expect(watch.current?.sentence).toContain('larger than the server accepts');
    // The server's limits may be raised meanwhile: "Try again" is offered.
    expect(watch.current?.canRetry).toBe(true);
  });

  it('counts attempts that never opened as nothing, and a socket closed for another reason as a break', () => {
    const watch = new RefusalWatch();
    socket(watch, CloseCode.heldBackLimit, 0);
    // The server was down meanwhile: sockets that never opened close abnormally.
    watch.socketClosed(1006, 1_000);
    watch.socketClosed(1006, 3_000);
    expect(socket(watch, CloseCode.heldBackLimit, 5_000)).toBe(true);

    const broken = new RefusalWatch();
    socket(broken, CloseCode.updateOverBudget, 0);
    socket(broken, CloseCode.goingAway, 1_000);
    expect(socket(broken, CloseCode.updateOverBudget, 2_000)).toBe(false);
    expect(broken.current).toBeNull();
  });

  it('does not stop when the next socket lived past its handshake: what it was refused was new', () => {
    const watch = new RefusalWatch();
    socket(watch, CloseCode.heldBackLimit, 0);
    // Its handshake was taken; hours later a new edit of it is refused.
    expect(socket(watch, CloseCode.heldBackLimit, 1_000, 3 * 3_600_000)).toBe(false);
    expect(watch.current).toBeNull();
    // That one repeats on the next socket's handshake: now it stops.
    expect(socket(watch, CloseCode.heldBackLimit, 4 * 3_600_000)).toBe(true);
  });

  it('never stops for closes that refuse nothing this browser holds', () => {
    const watch = new RefusalWatch();
    for (const code of [CloseCode.goingAway, CloseCode.storageUnavailable, CloseCode.keepAliveTimeout, CloseCode.clientTooSlow, CloseCode.clientIdInUse, 1006]) {
      expect(socket(watch, code, 0)).toBe(false);
      expect(socket(watch, code, 200)).toBe(false);
    }
    expect(watch.current).toBeNull();
  });

  it('counts afresh after "Try again"', () => {
    const watch = new RefusalWatch();
    socket(watch, CloseCode.invalidPayload, 0);
    socket(watch, CloseCode.invalidPayload, 200);
    watch.reset();
    expect(watch.current).toBeNull();
    expect(socket(watch, CloseCode.invalidPayload, 400)).toBe(false);
    expect(socket(watch, CloseCode.invalidPayload, 600)).toBe(true);
  });
});
