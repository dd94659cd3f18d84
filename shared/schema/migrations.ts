import * as Y from 'yjs';
import { SCHEMA_VERSION } from './constants';
import { migrateToSchema2 } from './migrate-to-schema-2';
import { toPlainJson } from './plain-json';
import { metaMap } from './root-types';

/**
 * One step of the document's migration ladder (DESIGN §3: a schema change bumps `meta.schema`
 * and ships a migration run on load). Migration `id` N upgrades a schema N−1 document to N, as
 * tldraw's ladders do; a step that shipped is never edited, a new one is added.
 */
export interface Migration {
  readonly id: number;
  readonly description: string;
  /** Throws to refuse, with a message saying why; nothing it wrote is kept. `now` stamps what it adds. */
  up(doc: Y.Doc, now: Date): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { id: 2, description: 'one triage item per subject, the meeting in the document, KPI createdAt, archived KPIs and dependencies', up: migrateToSchema2 },
];

export type SchemaErrorCode = 'schema-too-new' | 'schema-invalid' | 'migration-failed' | 'ladder-broken';

/** The server refuses to serve a document it cannot read safely rather than corrupting it. */
export class WorkspaceSchemaError extends Error {
  constructor(
    readonly code: SchemaErrorCode,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'WorkspaceSchemaError';
  }
}

export interface MigrationOutcome {
  /** The schema found, or null for a document never initialised (left alone). */
  from: number | null;
  to: number | null;
  /** Ids of the migrations that ran, in order. */
  applied: number[];
}

/**
 * Brings a loaded document up to SCHEMA_VERSION. Empty and never-initialised documents are left
 * alone; a document from a newer Throughline throws `schema-too-new`.
 *
 * @example
 * const outcome = migrateWorkspace(room.doc, 'migration'); // { from: 1, to: 2, applied: [2] }
 */
export function migrateWorkspace(doc: Y.Doc, origin: unknown = null, now: Date = new Date()): MigrationOutcome {
  return runMigrations(doc, MIGRATIONS, SCHEMA_VERSION, origin, now);
}

/**
 * The ladder runner, with the ladder and target as parameters so tests can climb a made-up one.
 * Steps run on a scratch copy; only when every step succeeded is the difference applied to
 * `doc`, as one update, so a failing step leaves the document exactly as it was.
 */
export function runMigrations(
  doc: Y.Doc,
  ladder: readonly Migration[],
  target: number,
  origin: unknown = null,
  now: Date = new Date(),
): MigrationOutcome {
  checkLadder(ladder, target);
  const found = metaMap(doc).get('schema');
  if (found === undefined) return { from: null, to: null, applied: [] };
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1) {
    throw new WorkspaceSchemaError('schema-invalid', `The workspace has an unreadable schema version (${JSON.stringify(toPlainJson(found))}).`);
  }
  if (found > target) {
    throw new WorkspaceSchemaError(
      'schema-too-new',
      `The workspace was written by a newer Throughline (schema ${found}; this build knows up to ${target}). Upgrade Throughline to open it.`,
    );
  }
  if (found === target) return { from: found, to: found, applied: [] };
  const steps = ladder.filter((migration) => migration.id > found);
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    for (const step of steps) climb(scratch, step, now);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(doc)), origin);
  } finally {
    scratch.destroy();
  }
  return { from: found, to: target, applied: steps.map((step) => step.id) };
}

function climb(scratch: Y.Doc, step: Migration, now: Date): void {
  try {
    scratch.transact(() => {
      step.up(scratch, now);
      metaMap(scratch).set('schema', step.id);
    });
  } catch (cause) {
    throw new WorkspaceSchemaError(
      'migration-failed',
      `Migration ${step.id} (${step.description}) failed: ${(cause as Error).message}`,
      { cause },
    );
  }
}

/** Ids must run 2, 3, … up to the target: a gap or a duplicate would skip or repeat a step. */
export function checkLadder(ladder: readonly Migration[], target: number): void {
  ladder.forEach((migration, index) => {
    if (migration.id !== index + 2) {
      throw new WorkspaceSchemaError(
        'ladder-broken',
        `Migration ladder out of order: position ${index} holds id ${migration.id}, expected ${index + 2}.`,
      );
    }
  });
  if (ladder.length + 1 !== target) {
    throw new WorkspaceSchemaError('ladder-broken', `The ladder reaches schema ${ladder.length + 1}, not ${target}.`);
  }
}
