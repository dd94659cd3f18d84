import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

// Three suites with different costs: unit tests are pure and fast; integration tests start real
// servers on loopback ports; e2e tests drive Chromium. Each runs in forked processes so a test
// that kills a child server or exhausts a socket cannot take its neighbours with it.
export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: one on the 2-core machines CI runs on,
    // which ran every file in turn. Most files wait on servers and Chromium rather than compute,
    // so two at once took the suite from 637 s to 496 s with its slowest tests no slower. The
    // e2e files run two at a time too, after the rest (see the e2e project).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // The property tests run a few seconds each beside busy integration files; vitest's 5 s
          // default timed two of them out on a loaded machine. A timeout is no performance check.
          testTimeout: 30_000,
          // Each worker process runs its unit files in turn, importing yjs, zod and the server
          // once: the unit project alone took 117-157 s isolated, 84-110 s so (import 38-48 s ->
          // 10-12 s), on a machine other sessions kept busy. [H1] in schema-guard.test.ts, which
          // once failed so, no longer depends on what ran before it (4bce63b: which error its
          // overflowing revert throws depends on what V8 has compiled).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // PostgreSQL and Redis for the storage contract and the multi-node tests, once per run.
          globalSetup: ['test/integration/support/services-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each worker process runs its integration files in turn, importing yjs, zod, the rules
          // and the server once rather than in a fresh process per file. Each file still starts
          // its own servers on ephemeral ports with their own data directories.
          // 257 s -> 147 s for the 66 files, 260 -> 129 CPU-seconds (import time 87 s -> 6 s),
          // all 272 tests passing.
          isolate: false,
        },
      },
      {
        plugins: [solid()],
        test: {
          name: 'client',
          include: ['test/unit/client/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // Two files at once. In the full browser that gained nothing (reverted in 07f20f0: each
          // file took twice as long, Chromium filling both cores); in the headless shell
          // (test/e2e/support/browser.ts) a page costs a third of the CPU, one file at a time
          // used about one core, and the whole e2e project took 327 s two at a time against
          // 490 s one at a time, all 138 tests passing, on a machine other sessions also used.
          // Each file starts its own server on an ephemeral port with its own data directory.
          // Each worker process runs its files in turn (isolate: false), importing playwright-core
          // and the server once rather than per file, and shares one Chromium between them, each
          // file with fresh profiles. A group of their own, after the rest: vitest runs a group
          // with one worker count.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
