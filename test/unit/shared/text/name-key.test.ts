import { afterEach, describe, expect, it, vi } from 'vitest';
import { nameKey } from '../../../../shared/text/name-key';

describe('one name, however it was typed (A2, A14)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes "José" typed with a combining accent (NFD, as macOS keyboards may give it) for "José"', () => {
    const decomposed = 'Jose\u0301 Ruiz';
    expect(decomposed).not.toBe('José Ruiz');
    expect(nameKey(decomposed)).toBe(nameKey('José Ruiz'));
    expect(nameKey(' JOSE\u0301   ruiz ')).toBe('josé ruiz');
  });

  it('folds "IRIS" as a server does in a browser set to Turkish, whose own lower-casing gives "ırıs"', () => {
    // A browser's toLocaleLowerCase() lower-cases in its own language: stand in for a Turkish one.
    const own = String.prototype.toLocaleLowerCase;
    vi.spyOn(String.prototype, 'toLocaleLowerCase').mockImplementation(function (this: string) {
      return own.call(this, 'tr');
    });
    expect(nameKey('IRIS Demir')).toBe('iris demir');
    expect(nameKey('Iris Demir')).toBe(nameKey('IRIS DEMIR'));
  });
});
