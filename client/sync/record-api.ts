import type { ActionListing } from '../../shared/history/actions';
import type { Changes } from '../../shared/history/changes';
import type { ImportChoices } from '../../shared/history/reading-import';
import type { SnapshotKind } from '../../shared/history/snapshot-kind';
import type { AccessProblem } from './access-problem';
import { jsonBody, workspaceCaller } from './api-call';

/** A review snapshot as `GET …/snapshots` lists them (SPEC M1, M26); `by` is null for a meeting's end. */
export interface Snapshot {
  id: string;
  label: string;
  at: string;
  by: string | null;
  kind: SnapshotKind;
}

export interface ChangesAnswer {
  since: Snapshot;
  until: Snapshot | null;
  changes: Changes;
}

export interface ActionsAnswer {
  lastMeetingStartedAt: string | null;
  actions: ActionListing[];
}

export interface ImportAnswer {
  imported: number;
  refused: Array<{ line: number; reason: string }>;
  mode: string;
}

/** One outgoing webhook delivery (SPEC M11), as the delivery log lists it. */
export interface Delivery {
  id: number;
  event: string;
  url: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When the next attempt is (or was) due; for a delivery being sent, when it was due (M30). */
  nextAt: string;
  /**
   * A sender holds it now (M30). Absent in the answer of a node of the release before, which a
   * rolling upgrade can route this client's request to.
   */
  inFlight?: boolean;
  /** Each attempt's HTTP status: 0 when no receiver answered, null when nothing was sent (M11). */
  codes: Array<number | null>;
  lastError: string | null;
  doneAt: string | null;
}

export type ExportFormat = 'json' | 'csv' | 'md';

export interface WebhookLog {
  urls: string[];
  /** Null when the server cannot tell now (it cannot open the secret and Redis did not answer, M29). */
  secretSet: boolean | null;
  deliveries: Delivery[];
}

/** The record routes of one workspace (DESIGN §5; server/http/routes/record.ts and webhooks.ts). */
export interface RecordApi {
  snapshots(): Promise<Snapshot[]>;
  /** `by`: the name this person typed, which the server records for someone on a shared link. */
  takeSnapshot(label: string, by: string): Promise<Snapshot>;
  changes(since: string): Promise<ChangesAnswer>;
  actions(): Promise<ActionsAnswer>;
  /** Sends the file with the answers to what it leaves open, as the preview read it (M24, M25). */
  importCsv(csv: string, choices: ImportChoices): Promise<ImportAnswer>;
  /** `secretSet`: whether a secret is stored, which signs on when a save sends none (M29). */
  webhooks(): Promise<WebhookLog>;
  configureWebhooks(urls: string[], secret: string | null): Promise<{ urls: string[] }>;
  /**
   * A same-origin link the session cookie authorises: the browser downloads the file; with a
   * snapshot, the file as the document was when it was taken (a past meeting's minutes).
   */
  exportUrl(format: ExportFormat, snapshot?: string): string;
}

/**
 * The record routes over the session cookie (see `workspaceCaller` for how refusals are thrown).
 *
 * @example
 *   const api = createRecordApi('w1', (problem) => connection.end(problem));
 *   const { changes } = await api.changes(snapshotId);
 */
export function createRecordApi(workspaceId: string, onAccessEnded: (problem: AccessProblem) => void): RecordApi {
  const call = workspaceCaller(workspaceId, onAccessEnded);
  return {
    snapshots: () => call<{ snapshots: Snapshot[] }>('GET', '/snapshots').then((answer) => answer.snapshots),
    takeSnapshot: (label, by) => call<Snapshot>('POST', '/snapshots', jsonBody({ label, ...(by.trim() ? { by } : {}) })),
    changes: (since) => call<ChangesAnswer>('GET', `/changes?since=${encodeURIComponent(since)}`),
    actions: () => call<ActionsAnswer>('GET', '/actions'),
    importCsv: (csv, choices) => call<ImportAnswer>('POST', `/import${importQuery(choices)}`, { type: 'text/csv', text: csv }),
    webhooks: () => call<WebhookLog>('GET', '/webhooks/deliveries'),
    configureWebhooks: (urls, secret) => call<{ urls: string[] }>('PUT', '/webhooks', jsonBody(secret === null ? { urls } : { urls, secret })),
    exportUrl: (format, snapshot) =>
      `/api/workspaces/${encodeURIComponent(workspaceId)}/export?format=${format}${snapshot ? `&snapshot=${encodeURIComponent(snapshot)}` : ''}`,
  };
}

/** The import's query: only the answers given, so the server decides what the file's values decide. */
function importQuery(choices: ImportChoices): string {
  const query = new URLSearchParams();
  if (choices.dates) query.set('dates', choices.dates);
  if (choices.decimal) query.set('decimal', choices.decimal);
  return query.size > 0 ? `?${query}` : '';
}
