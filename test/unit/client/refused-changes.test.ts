import { describe, expect, it } from 'vitest';
import { RefusalWatch } from '../../../client/sync/refused-changes';
import { CloseCode } from '../../../shared/protocol/close-codes';

describe('RefusalWatch (SPEC U41)', () => {
  it('stops at a refusal that the next socket repeats, not at the first', () => {
    const watch = new RefusalWatch();
    watch.socketOpened();
    expect(watch.socketClosed(CloseCode.messageTooBig)).toBe(false);
    expect(watch.current).toBeNull();
    watch.socketOpened();
    expect(watch.socketClosed(CloseCode.messageTooBig)).toBe(true);
    expect(watch.current?.code).toBe(CloseCode.messageTooBig);
    expect(watch.current?.sentence).toContain('larger than the server accepts');
  });

  it('counts attempts that never opened as nothing, and a socket closed for another reason as a break', () => {
    const watch = new RefusalWatch();
    watch.socketOpened();
    watch.socketClosed(CloseCode.heldBackLimit);
    // The server was down meanwhile: sockets that never opened close abnormally.
    watch.socketClosed(1006);
    watch.socketClosed(1006);
    watch.socketOpened();
    expect(watch.socketClosed(CloseCode.heldBackLimit)).toBe(true);

    const broken = new RefusalWatch();
    broken.socketOpened();
    broken.socketClosed(CloseCode.updateOverBudget);
    broken.socketOpened();
    broken.socketClosed(CloseCode.goingAway);
    broken.socketOpened();
    expect(broken.socketClosed(CloseCode.updateOverBudget)).toBe(false);
    expect(broken.current).toBeNull();
  });

  it('never stops for closes that refuse nothing this browser holds', () => {
    const watch = new RefusalWatch();
    for (const code of [CloseCode.goingAway, CloseCode.storageUnavailable, CloseCode.keepAliveTimeout, CloseCode.clientTooSlow, CloseCode.clientIdInUse, 1006]) {
      watch.socketOpened();
      expect(watch.socketClosed(code)).toBe(false);
      watch.socketOpened();
      expect(watch.socketClosed(code)).toBe(false);
    }
    expect(watch.current).toBeNull();
  });

  it('counts afresh after "Try again"', () => {
    const watch = new RefusalWatch();
    watch.socketOpened();
    watch.socketClosed(CloseCode.invalidPayload);
    watch.socketOpened();
    watch.socketClosed(CloseCode.invalidPayload);
    watch.reset();
    expect(watch.current).toBeNull();
    watch.socketOpened();
    expect(watch.socketClosed(CloseCode.invalidPayload)).toBe(false);
    watch.socketOpened();
    expect(watch.socketClosed(CloseCode.invalidPayload)).toBe(true);
  });
});
