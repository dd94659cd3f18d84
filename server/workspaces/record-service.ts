import type * as Y from 'yjs';
import { listActions, type ActionListing } from '../../shared/history/actions';
import { diffWorkspaces, type Changes } from '../../shared/history/changes';
import { snapshotKind, snapshotLabel, type SnapshotKind } from '../../shared/history/snapshot-kind';
import { readingsCsv } from '../../shared/history/csv';
import { meetingOf, titleOf } from '../../shared/history/json-read';
import { meetingMinutes, minutesDay } from '../../shared/history/minutes';
import { importKpis, planImport, type ImportChoices, type RefusedRow } from '../../shared/history/reading-import';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { readMode } from '../../shared/schema/workspace';
import { markSnapshot } from '../../shared/schema/snapshot-mark';
import { appendReadings } from '../../shared/schema/readings';
import { asRead, workspaceToJson } from '../../shared/schema/to-json';
import { quoted } from '../../shared/text/quoted';
import type { WorkspaceJson } from '../../shared/schema/types';
import { DomainError, refusal } from '../errors';
import type { RoomRegistry } from '../rooms/room-registry';
import type { Catalogue, SnapshotRecord } from '../storage/store';
import { durable } from './durable';
import { liveBasis } from './live-basis';
import { changesToNow } from './live-changes';
import { openingCopy, takeSnapshot, type SnapshotReader } from './snapshots';

/** The transaction origin of readings a CSV import brings. */
export const IMPORT_ORIGIN = 'throughline:csv-import';
/** The transaction origin of the mark a snapshot taken on request leaves in the document. */
const SNAPSHOT_ORIGIN = 'throughline:snapshot';

/**
 * A snapshot as the API lists it: with its kind, so a stock client need not know how storage
 * tells them apart (M26), and its label as people read it (M2).
 */
type ListedSnapshot = SnapshotRecord & { kind: SnapshotKind };

function listed<T extends SnapshotRecord>(record: T): T & { kind: SnapshotKind } {
  return { ...record, label: snapshotLabel(record.label, record.by), kind: snapshotKind(record.by) };
}

/** Snapshots, what changed, actions across meetings, exports and the CSV import (DESIGN §5). */
export class RecordService {
  constructor(
    private readonly store: Catalogue,
    private readonly rooms: RoomRegistry,
    private readonly clock: () => Date,
    private readonly reader: SnapshotReader,
  ) {}

  /**
   * Copies the document as committed now (M1): the copy waits for anything not yet stored. The
   * snapshot is stored with the change that marks it in the document (M23), so every screen hears
   * of it as it hears of any change, and no screen hears of one that storage refused.
   */
  snapshot(workspace: string, label: string, by: string | null): Promise<ListedSnapshot> {
    return this.rooms.withRoom(workspace, async (room) => {
      await durable(room, 'The snapshot');
      const snapshot = takeSnapshot(workspace, room.doc, label, by, this.clock(), await this.reader.latestWhole(workspace));
      room.change((doc) => markSnapshot(doc, snapshot), SNAPSHOT_ORIGIN);
      room.attachToCommit({ snapshots: [snapshot] });
      await durable(room, 'The snapshot');
      return listed({ id: snapshot.id, label: snapshot.label, at: snapshot.at, by: snapshot.by });
    });
  }

  async snapshots(workspace: string): Promise<ListedSnapshot[]> {
    return (await this.store.listSnapshots(workspace)).map(listed);
  }

  /** A snapshot as plain JSON, as the app reads it (`asRead`), or 404. */
  async snapshotJson(workspace: string, id: string): Promise<ListedSnapshot & { document: WorkspaceJson }> {
    const { document, ...snapshot } = (await this.reader.json(workspace, id)) ?? notFound(id);
    return listed({ ...snapshot, document: asRead(document) });
  }

  /** What changed from snapshot `since` to snapshot `until`, or to the live document (M3). */
  async changes(workspace: string, since: string, until: string | null): Promise<{ since: ListedSnapshot; until: ListedSnapshot | null; changes: Changes }> {
    const { basis: before, ...sinceRecord } = (await this.reader.read(workspace, since)) ?? notFound(since);
    if (until === null) return { since: listed(sinceRecord), until: null, changes: await this.committed(workspace, (doc) => changesToNow(liveBasis(doc), since, before)) };
    const { basis: after, ...untilRecord } = (await this.reader.read(workspace, until)) ?? notFound(until);
    const [from, to] = [listed(sinceRecord), listed(untilRecord)];
    // Compared the other way round, every change reads backwards (a reading undone, an item
    // reopened) under the names of the two snapshots asked for.
    if (Date.parse(to.at) < Date.parse(from.at)) {
      throw new DomainError('invalid', 'invalid_query', `until: the snapshot ${quoted(to.label)} was taken before ${quoted(from.label)}, the one since which changes are asked for: ask since the earlier until the later.`);
    }
    return { since: from, until: to, changes: diffWorkspaces(before, after) };
  }

  async actions(workspace: string, filter: { open?: boolean; owner?: string }): Promise<{ lastMeetingStartedAt: string | null; actions: ActionListing[] }> {
    const doc = await this.live(workspace);
    const startedAt = meetingOf(doc).startedAt;
    return { lastMeetingStartedAt: startedAt, actions: listActions(doc, await openingCopy(this.reader, workspace, startedAt), filter) };
  }

  /**
   * An export (M5, M6) and the names to save it under: the workspace's title, what it holds and
   * its date ("Q4 operating review minutes 2026-12-06.md": the minutes' own date, else today's),
   * and the same with the id, in ASCII, for a client that cannot take the title.
   */
  async export(workspace: string, format: 'json' | 'csv' | 'md', snapshot: string | null): Promise<{ body: string; type: string; name: string; fallbackName: string }> {
    // A snapshot's export is the document as it was then, read at the moment it was taken: the
    // minutes of the meeting it ended (M6), which a later meeting no longer answers for.
    const taken = snapshot === null ? null : await this.snapshotJson(workspace, snapshot);
    const doc = taken?.document ?? (await this.live(workspace));
    const now = taken ? new Date(taken.at) : this.clock();
    const named = (what: string, extension: string, day = now.toISOString().slice(0, 10)) => ({
      name: `${titleOf(doc)} ${what} ${day}.${extension}`,
      fallbackName: `workspace-${workspace}-${what}-${day}.${extension}`,
    });
    if (format === 'csv') return { body: readingsCsv(doc), type: 'text/csv; charset=utf-8', ...named('readings', 'csv') };
    if (format === 'md') {
      const minutes = meetingMinutes(doc, await openingCopy(this.reader, workspace, meetingOf(doc).startedAt), now);
      return { body: minutes, type: 'text/markdown; charset=utf-8', ...named('minutes', 'md', minutesDay(doc, now)) };
    }
    // The document as GET reads it (M5): the export is read outside the app and restores nothing.
    return { body: JSON.stringify(asRead(doc), null, 2), type: 'application/json; charset=utf-8', ...named('document', 'json') };
  }

  /**
   * Imports readings from CSV (M7): the valid rows land in one change of the live document, the
   * rules run once after it, and the answer waits until both are stored. A file read with the
   * `choices` the preview showed (M24, M25); one that leaves a question open stores nothing.
   */
  import(workspace: string, csv: string, choices: ImportChoices): Promise<{ imported: number; refused: RefusedRow[]; mode: string }> {
    return this.rooms.withRoom(workspace, async (room) => {
      const now = this.clock();
      const plan = planImport(csv, importKpis(readWorkspaceView(room.doc).kpis.values(), room.doc, now), now, choices);
      // A question the file leaves open and the request did not answer refuses the whole file (M24, M25).
      if (plan.problem !== null) throw new DomainError('invalid', 'ambiguous_import', plan.problem);
      let imported = 0;
      if (plan.accepted.size > 0) {
        room.change((doc) => {
          for (const [kpiId, readings] of plan.accepted) {
            const result = appendReadings(doc, kpiId, readings, now);
            // Not reached: the plan was read from this document in this turn, and refuses by line
            // the rows appendReadings would (M7). A throw here would leave the KPIs before it written.
            if (!result.ok) throw refusal(result.error);
            imported += result.value.appended;
          }
        }, IMPORT_ORIGIN);
        this.rooms.rulesFor(room).evaluateNow();
      }
      await durable(room, 'The readings');
      return { imported, refused: plan.refused, mode: readMode(room.doc) };
    });
  }

  private live(workspace: string): Promise<WorkspaceJson> {
    return this.committed(workspace, workspaceToJson);
  }

  /** Reads the live document once everything in it is stored. */
  private committed<T>(workspace: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.rooms.withRoom(workspace, async (room) => {
      await durable(room, 'The workspace');
      return read(room.doc);
    });
  }
}

function notFound(id: string): never {
  throw new DomainError('not-found', 'snapshot_not_found', `There is no snapshot ${quoted(id)} in this workspace.`);
}
