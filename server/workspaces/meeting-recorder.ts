import * as Y from 'yjs';
import { meetingMinutes } from '../../shared/history/minutes';
import { snapshotKind } from '../../shared/history/snapshot-kind';
import { decisionText, readAgendaItem } from '../../shared/schema/agenda-read';
import { readMeeting } from '../../shared/schema/meeting';
import { agendaMap, metaMap } from '../../shared/schema/root-types';
import { text, textOf } from '../../shared/schema/stored-values';
import { workspaceToJson } from '../../shared/schema/to-json';
import type { RecordSink, RoomEvent } from '../rooms/record-watcher';
import { after, isPending, type Awaitable } from '../storage/awaitable';
import { encodeIntegrated } from '../rooms/held-back';
import { meetingEndSnapshotId } from '../rooms/meeting-end-id';
import type { CommitEntry, NewDelivery, NewSnapshot, WholeSnapshot } from '../storage/store';
import type { RecordBasis } from '../../shared/history/record-basis';
import type { WebhookService } from '../webhooks/webhook-service';
import { openingCopy, takeSnapshot, type SnapshotReader } from './snapshots';

/**
 * What a room's events leave in storage (SPEC M2, M9): the snapshot a meeting's end takes, and
 * a webhook delivery per configured URL for each pivot, decision and meeting end.
 */
export class MeetingRecorder implements RecordSink {
  constructor(
    private readonly snapshots: SnapshotReader,
    private readonly webhooks: WebhookService,
    private readonly clock: () => Date,
  ) {}

  recordsFor(workspace: string, doc: Y.Doc, events: readonly RoomEvent[]): Awaitable<Pick<CommitEntry, 'snapshots' | 'deliveries'>> {
    const ending = events.some((event) => event.type === 'meeting.ended');
    const urls = this.webhooks.urls(workspace);
    // The record is of the document as the meeting ended, at the moment it ended. SQLite answers
    // at once; PostgreSQL after this turn, when the room may have moved on (the next meeting
    // started: `running`, its standing items reopened). The reads below use `ended`: when any of
    // them is late (the settings, the opening copy or the snapshots' base), it is made a copy of
    // the room now, before any answer can run; answered in this turn they read the room itself,
    // whose record basis is cached, and a copy would rebuild it whole.
    let ended = doc;
    const now = this.clock();
    const answer = after(urls, (urls) =>
      after(urls.length > 0 && ending ? openingCopy(this.snapshots, workspace, readMeeting(ended).startedAt) : null, (opening) =>
        after(ending ? this.snapshots.latestWhole(workspace) : undefined, (latestWhole) => this.records(workspace, ended, events, urls, opening, latestWhole, now)),
      ),
    );
    if (ending && isPending(answer)) ended = copyOf(doc);
    return answer;
  }

  /**
   * Whether storage holds the record of the meeting's end (M33): the snapshot under its end's id
   * (`meetingEndSnapshotId`). A meeting with no mark at all (`endSnapshot`) is one no end of this
   * release was recorded in: either the release before recorded its end, under a random id named
   * nowhere, or nobody did. Time cannot tell them apart (a snapshot's `at` is the server's clock,
   * the meeting's times the clocks of the screens that started and ended it, either of which may
   * run ahead by more than the meeting lasted), but a workspace with no meeting-end snapshot at
   * all holds no record of it: a new workspace's first meeting, its lead killed before recording
   * it. Any other unmarked end is taken as the release before's. What that gives up is in SPEC M33.
   */
  endRecorded(workspace: string, doc: Y.Doc): Awaitable<boolean> {
    const marked = readMeeting(doc).endSnapshot !== null;
    const id = meetingEndSnapshotId(workspace, doc);
    return after(this.snapshots.list(workspace), (listed) =>
      listed.some((snapshot) => (marked ? snapshot.id === id : snapshotKind(snapshot.by) === 'meeting-end')),
    );
  }

  private records(
    workspace: string,
    doc: Y.Doc,
    events: readonly RoomEvent[],
    urls: readonly string[],
    opening: RecordBasis | null,
    latestWhole: WholeSnapshot | undefined,
    now: Date,
  ): Pick<CommitEntry, 'snapshots' | 'deliveries'> {
    const snapshots: NewSnapshot[] = [];
    const deliveries: NewDelivery[] = [];
    const hooked = urls.length > 0;
    const title = textOf(metaMap(doc).get('title'));
    for (const event of events) {
      if (event.type === 'meeting.ended') {
        const meeting = readMeeting(doc);
        // Stored as the day it ended, "2026-12-07", as every release before stored it and the
        // `meeting.ended` webhook has always carried it; listed in words (snapshotLabel, M2).
        const label = (meeting.endedAt ?? now.toISOString()).slice(0, 10);
        const snapshot = takeSnapshot(workspace, doc, label, null, now, latestWhole, meetingEndSnapshotId(workspace, doc) ?? undefined);
        snapshots.push(snapshot);
        if (hooked) {
          const json = workspaceToJson(doc);
          const minutes = meetingMinutes(json, opening, now);
          const sent = this.webhooks.deliveriesFor(urls, workspace, 'meeting.ended', { title, snapshot: { id: snapshot.id, label: snapshot.label, at: snapshot.at }, minutes });
          // Stored only with the snapshot: an end two nodes record sends its minutes once (M33).
          deliveries.push(...sent.map((delivery) => ({ ...delivery, snapshot: snapshot.id })));
        }
      } else if (hooked && event.type === 'pivot') {
        const meta = metaMap(doc);
        deliveries.push(...this.webhooks.deliveriesFor(urls, workspace, 'pivot', { title, pivotedAt: text(meta.get('pivotedAt')), reason: textOf(meta.get('pivotReason')) }));
      } else if (hooked && event.type === 'item.decided') {
        const item = readAgendaItem(event.itemId, agendaMap(doc).get(event.itemId));
        if (!item) continue;
        deliveries.push(
          ...this.webhooks.deliveriesFor(urls, workspace, 'item.decided', {
            title,
            item: {
              id: item.id,
              title: item.title,
              subject: item.subject,
              decision: decisionText(item),
              acceptedSeverity: item.acceptedSeverity,
              findings: item.findings.map((finding) => ({ rule: finding.rule, severity: finding.severity, message: finding.message })),
              actions: item.actions,
            },
          }),
        );
      }
    }
    return { snapshots, deliveries };
  }
}

/** A document of what `doc` has integrated now, which later changes to the room leave as it is. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, encodeIntegrated(doc));
  return copy;
}
