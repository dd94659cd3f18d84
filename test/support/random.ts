/** A small seeded PRNG (mulberry32) so a failing randomised test can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from THROUGHLINE_SEED, or a fresh one; printed so the run can be repeated. */
export function testSeed(label: string): number {
  const seed = process.env.THROUGHLINE_SEED ? Number(process.env.THROUGHLINE_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[${label}] seed ${seed} (replay with THROUGHLINE_SEED=${seed})`);
  return seed;
}
