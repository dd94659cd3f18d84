import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareByOrder, isOrderKey, keyBetween } from '../../../../shared/tree/fractional-index';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`fractional-index property seed: ${seed} (replay with FC_SEED=${seed})`);

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const orderKey = fc
  .array(fc.integer({ min: 0, max: 61 }), { minLength: 1, maxLength: 8 })
  .map((digits) => digits.map((d) => DIGITS[d]).join(''))
  .filter(isOrderKey);

describe('keyBetween', () => {
  it('always returns a valid key strictly between its neighbours', () => {
    fc.assert(
      fc.property(fc.option(orderKey), fc.option(orderKey), (x, y) => {
        let [a, b] = [x, y];
        if (a !== null && b !== null) {
          if (a === b) return;
          if (a > b) [a, b] = [b, a];
        }
        const key = keyBetween(a, b);
        expect(isOrderKey(key)).toBe(true);
        if (a !== null) expect(key > a).toBe(true);
        if (b !== null) expect(key < b).toBe(true);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('keeps finding room between keys inserted again and again at the same spot', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), (towardsLow) => {
        let low: string | null = null;
        let high: string | null = null;
        for (const down of towardsLow) {
          const key = keyBetween(low, high);
          if (low !== null) expect(key > low).toBe(true);
          if (high !== null) expect(key < high).toBe(true);
          if (down) high = key;
          else low = key;
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it('gives writers inserting between the same neighbours different keys', () => {
    // The jitter takes 62³ × 61 ≈ 14.5 million values, so among 1,000 keys one chance pair of
    // equal keys turns up in about 3 % of runs (harmless: ties sort by id); six never do.
    const keys = new Set(Array.from({ length: 1000 }, () => keyBetween('V', 'W')));
    expect(keys.size).toBeGreaterThanOrEqual(995);
  });

  it('refuses keys that are not fractional indexes or not in order', () => {
    expect(() => keyBetween('A0', null)).toThrow(RangeError);
    expect(() => keyBetween('B', 'A')).toThrow(RangeError);
    expect(() => keyBetween('A!', null)).toThrow(RangeError);
  });

  it('is deterministic given the jitter', () => {
    expect(keyBetween(null, null, '')).toBe('V');
    expect(keyBetween('V', null, 'x')).toBe('kx');
    expect(keyBetween('4', '51', '')).toBe('4V');
  });
});

describe('compareByOrder', () => {
  it('orders totally: by key, then by id for equal keys', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ order: orderKey, id: fc.string({ minLength: 1, maxLength: 4 }) }), { maxLength: 30 }), (items) => {
        const unique = [...new Map(items.map((item) => [item.id, item])).values()];
        const once = [...unique].sort(compareByOrder);
        const again = [...unique].reverse().sort(compareByOrder);
        expect(again).toEqual(once);
        for (let i = 1; i < once.length; i++) expect(compareByOrder(once[i - 1]!, once[i]!)).toBe(-1);
      }),
      { seed, numRuns: 500 },
    );
  });
});
