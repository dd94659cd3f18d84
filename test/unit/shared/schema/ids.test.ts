import { describe, expect, it } from 'vitest';
import { newId } from '../../../../shared/schema/ids';

describe('newId', () => {
  it('is 21 URL-safe characters', () => {
    for (let i = 0; i < 200; i++) expect(newId()).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newId));
    expect(ids.size).toBe(10_000);
  });
});
