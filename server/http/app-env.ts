import type { IntervalHistogram } from 'node:perf_hooks';
import type { AccessControl } from '../auth/access-control';
import type { Limits } from '../config';
import type { PeopleService } from '../people/people-service';
import type { Refusals } from '../observability/refusals';
import type { RoomRegistry } from '../rooms/room-registry';
import type { WebhookService } from '../webhooks/webhook-service';
import type { RecordService } from '../workspaces/record-service';
import type { WorkspaceService } from '../workspaces/workspace-service';

/** Everything the routes need, built once at start-up and handed to each route factory. */
export interface Services {
  access: AccessControl;
  rooms: RoomRegistry;
  workspaces: WorkspaceService;
  /** Snapshots, changes, actions, exports and imports. */
  record: RecordService;
  /** Outgoing webhooks' configuration and delivery log. */
  webhooks: WebhookService;
  /** The origins this server answers on (its listening address), which no webhook may target. */
  ownOrigins: () => string[];
  /** Members, personal links and shared role links. */
  people: PeopleService;
  version: string;
  /** The server's clock (the rules' "today"), which browsers align their shared timers with. */
  clock: () => Date;
  /** THROUGHLINE_PUBLIC_URL's origin, or null to trust the request's own. */
  publicOrigin: string | null;
  limits: Limits;
  /** Every refusal of what a client sent, by reason, for /metrics (H14). */
  refusals: Refusals;
  /** Event-loop delay since start (perf_hooks), for /metrics' worst-stall gauge. */
  eventLoopDelay: IntervalHistogram;
}
