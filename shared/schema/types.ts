import type {
  AgendaKind,
  AgendaState,
  DepState,
  MeetingStatus,
  InitiativeStage,
  KpiDirection,
  LogKind,
  Role,
  NodeKind,
  NodeStatus,
  Severity,
  SubjectType,
  WorkspaceMode,
} from './constants';

/**
 * The plain-JSON shape of every entry of DESIGN §3: what `workspaceToJson` returns and what the
 * REST API and exports serve. Inside the Y.Doc, `title`, `notes`, `note` and `decision` are
 * Y.Text, `readings`, `plan` and `actions` are Y.Arrays and `votes` is a Y.Map; here they are
 * strings, arrays and records.
 */

/** A date is `YYYY-MM-DD`, read as UTC midnight. */
export type IsoDay = string;

export interface ValueTarget {
  planned: number;
  realised: number;
  unit: string;
}

export interface Reading {
  /** `YYYY-MM-DD` or a full ISO timestamp. */
  at: string;
  value: number;
  source: string;
}

export interface PlanPoint {
  at: string;
  value: number;
}

export interface Subject {
  type: SubjectType;
  id: string;
}

export interface LogEntry {
  at: string;
  kind: LogKind;
  by: string | null;
  text: string;
  ref: string | null;
}

export interface RuleSetting {
  enabled: boolean;
  params: Record<string, number>;
}

export interface MetaJson {
  schema: number;
  title: string;
  mode: WorkspaceMode;
  pivotedAt: string | null;
  pivotReason: string | null;
  /** The snapshot last taken on request (M23); absent until one is. */
  lastSnapshot?: { id: string; at: string };
}

export interface NodeJson {
  id: string;
  kind: NodeKind;
  title: string;
  parent: string | null;
  order: string;
  owner: string | null;
  team: string | null;
  due: IsoDay | null;
  reviewDate: IsoDay | null;
  status: NodeStatus;
  progress: number;
  weight: number;
  kpi: string | null;
  confidence: number | null;
  confidenceNote: string | null;
  stage: InitiativeStage | null;
  value: ValueTarget | null;
  notes: string;
  archived: boolean;
}

export interface KpiJson {
  id: string;
  name: string;
  unit: string;
  direction: KpiDirection;
  lower: number | null;
  upper: number | null;
  baseline: number | null;
  target: number | null;
  startDate: IsoDay | null;
  targetDate: IsoDay | null;
  amberPct: number;
  redPct: number;
  cadenceDays: number;
  owner: string | null;
  readings: Reading[];
  plan: PlanPoint[];
  /** ISO instant the KPI was created (schema 2; the 1 → 2 migration stamps older KPIs). */
  createdAt: string | null;
  archived: boolean;
}

export interface DepJson {
  id: string;
  from: string;
  to: string;
  needBy: IsoDay;
  state: DepState;
  /**
   * The date committed to, except on a `requested` dependency with no `proposedDate` and no accept
   * naming this date: there it is the proposal as the release before stored it (SPEC U6, U82).
   * Read a dependency's dates through datesOf (`shared/schema/dependency-proposal.ts`), which reads
   * every handshake field below, never one alone; the REST reads and the JSON export give them
   * already read so (`asRead` in to-json.ts).
   */
  committedDate: IsoDay | null;
  /**
   * Optional (absent before this release): a later date proposed back (SPEC U6). An accept writes
   * it empty (null) and the date into `committedDate`; a decline leaves it as it is and writes the
   * same date into `declinedDate` (SPEC U81). Read it through datesOf: whether it is open depends
   * on `declinedDate` and on which proposal each answer names (SPEC U82).
   */
  proposedDate?: IsoDay | null;
  /**
   * Optional (absent before U81): the date the last decline answered. The proposal, `proposedDate`
   * or the `committedDate` of a request the release before stored (SPEC U86), reads as none while
   * it equals this date, unless `declinedProposal` names another proposal of that date and this
   * one has an id of its own (U82); proposing that date again writes this empty (null), taking the
   * decline back.
   */
  declinedDate?: IsoDay | null;
  /**
   * Optional (absent before U82): the id of the proposal in `proposedDate`, `<date>~<random>`,
   * written by each proposal of this release. One whose date is not `proposedDate`'s was left by a
   * tab of the release before proposing another date (that proposal has no id), unless
   * `proposedDate` still holds a flag's move of an old-format proposal (`movedProposal`, U82).
   */
  proposalId?: string | null;
  /** Optional (absent before U82): the proposal the last accept answered, by its id (by its date, `@` and the id beside it, for one without). */
  acceptedProposal?: string | null;
  /** Optional (absent before U82): the proposal the last decline answered, named as in `acceptedProposal`. */
  declinedProposal?: string | null;
  /** Optional (absent before U82): the date a flag moved from a request's `committedDate` into `proposedDate` (U6), until the next proposal. */
  movedProposal?: IsoDay | null;
  /**
   * Optional (absent before U97): every accept of a proposal with an id, `true` under that id, made
   * with the first such proposal. Unlike `acceptedProposal` no accept of another proposal replaces
   * one: the standing proposal's accept here is the commitment (datesOf).
   */
  accepts?: Record<string, true>;
  /** Optional (absent before U97): every decline of a proposal with an id, as `accepts` keeps accepts. */
  declines?: Record<string, true>;
  owner: string | null;
  note: string;
  archived: boolean;
}

export interface ActionJson {
  id: string;
  text: string;
  owner: string | null;
  due: IsoDay | null;
  done: boolean;
}

/**
 * A live finding as a triage item keeps it (DESIGN §3 `findings`): what the rule said, and
 * `since`, the ISO instant it became live. A finding that clears leaves the map, so one that
 * returns is new and is not covered by an outcome taken before it.
 */
export interface StoredFinding {
  rule: string;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
  since: string;
}

/** Everything an agenda item holds apart from its decision text, actions, votes and findings. */
export interface AgendaItemFields {
  kind: AgendaKind;
  title: string;
  /** Triage items: the subject's name the rules gave as the title, which it follows until people rename it. */
  namedAs?: string;
  subject: Subject | null;
  severity: Severity | null;
  order: string;
  state: AgendaState;
  owner: string | null;
  timeboxMin: number | null;
  /** Review items every meeting runs through: a meeting's start sets them back to `open`. */
  standing: boolean;
  /** Triage items: every finding on the subject has cleared. */
  cleared: boolean;
  /** The worst severity when the room took its outcome; null without one. */
  acceptedSeverity: Severity | null;
  /** YYYY-MM-DD on which an outcome stops covering the findings; required to defer. */
  revisitOn: IsoDay | null;
  /** ISO instant of the outcome. */
  outcomeAt: string | null;
}

export interface AgendaItemJson extends AgendaItemFields {
  id: string;
  decision: string;
  /** While decided, the text it was decided with, and the `outcomeAt` of that decision (SPEC U108); absent before this release. */
  decidedText?: string;
  decidedAt?: string;
  actions: ActionJson[];
  votes: Record<string, number>;
  findings: Record<string, StoredFinding>;
  /** Time spent on it before the timer last left it (meeting.ts); absent until then. */
  spentMs?: number;
}

/** The item under discussion's clock: shown time = `spentMs` + now − `runningSince` while running. */
export interface TimerJson {
  item: string;
  runningSince: string | null;
  spentMs: number;
}

/** DESIGN §3 `meeting`: the live meeting, in the document so it survives anyone leaving. */
export interface MeetingJson {
  status: MeetingStatus;
  startedAt: string | null;
  endedAt: string | null;
  currentItem: string | null;
  timer: TimerJson | null;
  votesRevealed: boolean;
  /**
   * The meeting-end snapshot the server named as it took it (SPEC U104, `markMeetingEndSnapshot`):
   * absent before any meeting ended under a release that writes it. The export carries it as stored.
   */
  endSnapshot?: { id: string; startedAt: string | null };
}

export interface WorkspaceJson {
  /** Null for a document that was never initialised. */
  meta: MetaJson | null;
  nodes: Record<string, NodeJson>;
  kpis: Record<string, KpiJson>;
  deps: Record<string, DepJson>;
  agenda: Record<string, AgendaItemJson>;
  meeting: MeetingJson | null;
  rules: Record<string, RuleSetting>;
  log: LogEntry[];
  /** Who was present while a meeting ran (attendance.ts, SPEC M21); absent until anyone was. */
  attendance?: Record<string, AttendanceJson>;
}

/** An entry of the attendance register: one way a person was present in a meeting (its `startedAt`), first seen at `at`. */
export interface AttendanceJson {
  name: string;
  role: Role;
  guest: boolean;
  meeting: string;
  at: string;
}
