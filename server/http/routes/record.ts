import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { attachment } from '../attachment';
import { ApiError } from '../../errors';
import type { Services } from '../app-env';
import { requireGrant, requireRole } from '../caller';
import { oneLineText } from '../one-line-text';
import { documented } from '../openapi';
import { readJsonBody, readTextBody } from '../read-body';
import { checked } from '../validation-problems';
import { MEMBER_NAME_MAX, SNAPSHOT_LABEL_MAX } from '../../../shared/schema/constants';

const snapshotBody = z.object({
  label: oneLineText('a label', 'a snapshot needs a label', SNAPSHOT_LABEL_MAX),
  /** The name a person on a shared link typed (a member's own name is known): listed as theirs, marked a guest's. */
  by: oneLineText('a name', 'a name cannot be blank', MEMBER_NAME_MAX).optional(),
});
const changesQuery = z.object({ since: z.string().min(1, 'say since which snapshot (since=<snapshot id>)'), until: z.string().min(1).optional() });
const actionsQuery = z.object({ open: z.enum(['true', 'false']).optional(), owner: z.string().min(1).optional() });
/**
 * How to read what a readings file leaves open (M24, M25): the order of its dates and its decimal
 * mark, as the browser's preview showed them. Ignored where the file's values decide.
 */
const importQuery = z.object({
  dates: z.enum(['dmy', 'mdy']).optional(),
  decimal: z.enum(['point', 'comma']).optional(),
});
const exportQuery = z.object({
  format: z.enum(['json', 'csv', 'md']).default('json'),
  /** The document as this snapshot holds it, rather than now: a past meeting's minutes are its meeting-end snapshot's (M6). */
  snapshot: z.string().min(1).optional(),
});

/**
 * A query string checked like a body: a bad one is a 400 that names the parameter. A parameter
 * given twice (`format=csv&format=md`) is refused rather than read as its first value, which
 * would answer something other than half of what was asked.
 */
function readQuery<T>(c: Context, schema: z.ZodType<T>): T {
  const all = c.req.queries();
  const twice = Object.keys(all).filter((name) => all[name]!.length > 1);
  if (twice.length > 0) throw new ApiError(400, 'invalid_query', twice.map((name) => `${name}: given ${all[name]!.length} times; give it once`).join('; '));
  const result = checked(schema, c.req.query(), 'query');
  if (result.ok) return result.value;
  throw new ApiError(400, 'invalid_query', result.problems);
}

/** Snapshots, changes, actions, exports and the CSV import (DESIGN §5, SPEC M1–M8). */
export function recordRoutes(services: Services): Hono {
  const { record } = services;
  return new Hono()
    .post('/api/workspaces/:id/snapshots', documented('Take a named snapshot (facilitator)', { body: snapshotBody, tags: ['record'], success: 201 }), async (c) => {
      const id = c.req.param('id');
      const grant = await requireGrant(c, services, id, 'facilitator');
      const body = await readJsonBody(c, snapshotBody);
      // A member is named by the account; a link's holder by what they typed, as the minutes name guests (M6).
      const by = grant.member?.name ?? (body.by !== undefined ? `${body.by} (guest)` : grant.role);
      return c.json(await record.snapshot(id, body.label, by), 201);
    })
    .get('/api/workspaces/:id/snapshots', documented('List snapshots {id, label, at, by, kind: meeting-end|taken}', { tags: ['record'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id);
      return c.json({ snapshots: await record.snapshots(id) });
    })
    .get('/api/workspaces/:id/snapshots/:sid', documented('A snapshot with the document as plain JSON then (dependency dates as the board reads them)', { tags: ['record'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id);
      return c.json(await record.snapshotJson(id, c.req.param('sid')));
    })
    .get('/api/workspaces/:id/changes', documented('What changed since a snapshot (until another, or now)', { query: changesQuery, tags: ['record'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id);
      const query = readQuery(c, changesQuery);
      return c.json(await record.changes(id, query.since, query.until ?? null));
    })
    .get('/api/workspaces/:id/actions', documented('Every action of every agenda item', { query: actionsQuery, tags: ['record'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id);
      const query = readQuery(c, actionsQuery);
      return c.json(await record.actions(id, { open: query.open === undefined ? undefined : query.open === 'true', owner: query.owner }));
    })
    .get('/api/workspaces/:id/export', documented('The document (json, dependency dates as the board reads them), readings (csv) or minutes (md), now or as a snapshot holds it', { query: exportQuery, tags: ['record'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id);
      const { format, snapshot } = readQuery(c, exportQuery);
      const file = await record.export(id, format, snapshot ?? null);
      return c.body(file.body, 200, { 'content-type': file.type, 'content-disposition': attachment(file.name, file.fallbackName) });
    })
    .post('/api/workspaces/:id/import', documented('Import readings from CSV: kpi,at,value[,source] (editor)', { bodyType: 'text/csv', query: importQuery, tags: ['record'] }), async (c) => {
      const id = c.req.param('id');
      await requireRole(c, services, id, 'editor');
      const choices = readQuery(c, importQuery);
      const type = c.req.header('content-type') ?? '';
      if (!/^text\/csv\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the readings as text/csv: kpi,at,value[,source] per line.');
      const text = await readTextBody(c, type);
      if (text.trim() === '') throw new ApiError(400, 'empty_import', 'The CSV has no rows: send kpi,at,value[,source] per line.');
      return c.json(await record.import(id, text, choices), 200);
    });
}
