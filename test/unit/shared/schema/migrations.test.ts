import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../../../shared/schema/constants';
import {
  MIGRATIONS,
  WorkspaceSchemaError,
  checkLadder,
  migrateWorkspace,
  runMigrations,
  type Migration,
} from '../../../../shared/schema/migrations';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { newWorkspace } from '../../support/workspace-fixtures';

const renameTitle: Migration = { id: 2, description: 'title to name', up: (doc) => doc.getMap('meta').set('name', doc.getMap('meta').get('title')) };
const addFlag: Migration = { id: 3, description: 'add flag', up: (doc) => doc.getMap('meta').set('flag', true) };

/** A workspace at schema 1, for climbing made-up ladders from the bottom. */
function schemaOne(title?: string): Y.Doc {
  const doc = newWorkspace(title);
  doc.getMap('meta').set('schema', 1);
  return doc;
}

describe('the migration ladder', () => {
  it('ships a ladder that reaches SCHEMA_VERSION with consecutive ids', () => {
    expect(SCHEMA_VERSION).toBe(2);
    expect(() => checkLadder(MIGRATIONS, SCHEMA_VERSION)).not.toThrow();
    expect(migrateWorkspace(newWorkspace())).toEqual({ from: 2, to: 2, applied: [] });
  });

  it('refuses a ladder with a gap, a duplicate or the wrong top', () => {
    expect(() => checkLadder([renameTitle, { ...addFlag, id: 4 }], 4)).toThrow(/position 1 holds id 4, expected 3/);
    expect(() => checkLadder([renameTitle, renameTitle], 3)).toThrow(WorkspaceSchemaError);
    expect(() => checkLadder([renameTitle], 3)).toThrow(/reaches schema 2, not 3/);
  });

  it('climbs from the stored schema to the target, in order, in one update', () => {
    const doc = schemaOne('Q4');
    let updates = 0;
    doc.on('update', () => updates++);
    expect(runMigrations(doc, [renameTitle, addFlag], 3)).toEqual({ from: 1, to: 3, applied: [2, 3] });
    expect(workspaceToJson(doc).meta).toMatchObject({ schema: 3, name: 'Q4', flag: true });
    expect(updates).toBe(1);
    expect(runMigrations(doc, [renameTitle, addFlag], 3).applied).toEqual([]);
  });

  it('starts from the schema the document has', () => {
    const doc = newWorkspace();
    expect(runMigrations(doc, [renameTitle, addFlag], 3).applied).toEqual([3]);
  });

  it('leaves an empty or never-initialised document alone', () => {
    const doc = new Y.Doc();
    expect(migrateWorkspace(doc)).toEqual({ from: null, to: null, applied: [] });
    expect(doc.getMap('meta').size).toBe(0);
  });

  it('refuses a document from a newer Throughline, and an unreadable schema', () => {
    const doc = newWorkspace();
    doc.getMap('meta').set('schema', SCHEMA_VERSION + 1);
    expect(() => migrateWorkspace(doc)).toThrow(expect.objectContaining({ code: 'schema-too-new' }));
    doc.getMap('meta').set('schema', 'one');
    expect(() => migrateWorkspace(doc)).toThrow(expect.objectContaining({ code: 'schema-invalid' }));
  });

  it('leaves the document untouched when a step fails', () => {
    const doc = schemaOne();
    const broken: Migration = {
      id: 3,
      description: 'breaks halfway',
      up: (scratch) => {
        scratch.getMap('meta').set('half', true);
        throw new Error('no such field');
      },
    };
    const before = JSON.stringify(workspaceToJson(doc));
    expect(() => runMigrations(doc, [renameTitle, broken], 3)).toThrow(/Migration 3 \(breaks halfway\) failed: no such field/);
    expect(JSON.stringify(workspaceToJson(doc))).toBe(before);
  });
});
