/**
 * The vocabulary of the workspace document (DESIGN §3). Every list is `as const` so the types
 * below are derived from the one place a value is spelled, and validators can check membership.
 */

/** The document layout version written to `meta.schema`; bump it with a migration (DESIGN §3). */
export const SCHEMA_VERSION = 2;

export const WORKSPACE_MODES = ['review', 'triage'] as const;
export type WorkspaceMode = (typeof WORKSPACE_MODES)[number];

/** The longest workspace title the REST API takes, and the most of a document's title the workspaces list shows. */
export const WORKSPACE_TITLE_MAX = 200;

/**
 * The longest KPI name a writer that validates takes, as a workspace title: past it one unbroken
 * name pushed the KPI table's other columns off the screen. Stored longer by another writer, a
 * name still wraps wherever it is shown.
 */
export const KPI_NAME_MAX = 200;

/**
 * The longest node title a writer that validates takes, as a KPI name (SPEC U72): a pasted page
 * of text as a title was stored whole and pushed the tree, the agenda and the inspector apart.
 */
export const NODE_TITLE_MAX = 200;

/** The characters a snapshot label may have, as a person counts them (SPEC U87): the REST API and the History view's field alike. */
export const SNAPSHOT_LABEL_MAX = 200;
/** The characters a member's name may have, as a person counts them (SPEC U87). */
export const MEMBER_NAME_MAX = 100;

/** Node kinds from the top of the tree down: intent → objective → key result → initiative → milestone. */
export const NODE_KINDS = ['intent', 'objective', 'keyResult', 'initiative', 'milestone'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const NODE_STATUSES = ['not-started', 'on-track', 'at-risk', 'off-track', 'done'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** An initiative's degree of implementation, in the order it is meant to move through. */
export const INITIATIVE_STAGES = [
  'idea',
  'identified',
  'detailed',
  'approved',
  'started',
  'effective',
  'completed',
] as const;
export type InitiativeStage = (typeof INITIATIVE_STAGES)[number];

export const KPI_DIRECTIONS = ['increase', 'decrease', 'maintain'] as const;
export type KpiDirection = (typeof KPI_DIRECTIONS)[number];

export const DEP_STATES = ['requested', 'committed', 'at-risk', 'blocked', 'done'] as const;
export type DepState = (typeof DEP_STATES)[number];

export const AGENDA_KINDS = ['review', 'triage'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const AGENDA_STATES = ['open', 'discussing', 'decided', 'deferred', 'resolved'] as const;
export type AgendaState = (typeof AGENDA_STATES)[number];

/** The states that record an outcome the room took (DESIGN §4: what can cover a finding). */
export const OUTCOME_STATES = ['decided', 'deferred', 'resolved'] as const;
export type OutcomeState = (typeof OUTCOME_STATES)[number];

export const MEETING_STATUSES = ['idle', 'running', 'ended'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const SUBJECT_TYPES = ['kpi', 'node', 'dep'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const SEVERITIES = ['red', 'amber'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Red is worse than amber; nothing (no finding) is better than both. */
export function severityRank(severity: Severity | null): number {
  return severity === 'red' ? 2 : severity === 'amber' ? 1 : 0;
}

/**
 * What a log entry records (DESIGN §3): pivots and returns to review, the outcomes people take
 * (decisions, deferrals, resolutions), re-openings, and meetings starting and ending.
 */
export const LOG_KINDS = ['pivot', 'review', 'decision', 'deferral', 'resolution', 'reopen', 'meeting-start', 'meeting-end'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const NODE_DEFAULTS = { status: 'not-started', progress: 0, weight: 1 } as const;
export const KPI_DEFAULTS = { amberPct: 5, redPct: 15, cadenceDays: 7 } as const;
/**
 * What the `meta` and `meeting` keys nobody has written read as, in every reader and in the
 * workspace's JSON: a new workspace stores only its schema and title (SPEC L8).
 */
export const META_DEFAULTS = { mode: 'review', pivotedAt: null, pivotReason: null } as const;
export const MEETING_DEFAULTS = { status: 'idle', startedAt: null, endedAt: null, currentItem: null, timer: null, votesRevealed: false } as const;

/** Below this confidence a new node must explain itself, the same bar `low-confidence` warns at. */
export const LOW_CONFIDENCE = 0.4;

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * The list's own copy of `value`, or null. Views keep that copy: it is an interned literal, so the
 * rules' many comparisons with it (`kind === 'initiative'`, set lookups) are pointer checks rather
 * than character-by-character comparisons with a string the update decoder made.
 */
export function memberOf<T extends string>(values: readonly T[], value: unknown): T | null {
  if (typeof value !== 'string') return null;
  const at = (values as readonly string[]).indexOf(value);
  return at === -1 ? null : values[at]!;
}
