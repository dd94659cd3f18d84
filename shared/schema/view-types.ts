import type {
  DepState,
  InitiativeStage,
  KpiDirection,
  NodeKind,
  NodeStatus,
  WorkspaceMode,
} from './constants';
import type { RuleSetting, ValueTarget } from './types';

/**
 * The typed, read-only snapshot the rules, roll-ups and tree reader work on. It is read from
 * the document once per evaluation; dates come pre-parsed to epoch milliseconds (UTC midnight
 * for days), readings and plan points come sorted by date, and anything a writer stored that
 * breaks the schema is left out or defaulted rather than crashing a rule. Notes and decision
 * texts are not part of it: no rule reads them, and the JSON view has them.
 */
export interface WorkspaceView {
  readonly meta: MetaView;
  /** Every node, archived ones included (flagged); `readTree` decides what is shown. */
  readonly nodes: ReadonlyMap<string, NodeView>;
  readonly kpis: ReadonlyMap<string, KpiView>;
  readonly deps: ReadonlyMap<string, DepView>;
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

export interface MetaView {
  readonly schema: number | null;
  readonly title: string;
  readonly mode: WorkspaceMode;
  readonly pivotedAt: string | null;
  readonly pivotReason: string | null;
}

export interface NodeView {
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  readonly parent: string | null;
  readonly order: string;
  readonly owner: string | null;
  readonly team: string | null;
  readonly due: string | null;
  readonly dueMs: number | null;
  readonly reviewDate: string | null;
  readonly status: NodeStatus;
  readonly progress: number;
  readonly weight: number;
  readonly kpi: string | null;
  readonly confidence: number | null;
  readonly confidenceNote: string | null;
  readonly stage: InitiativeStage | null;
  readonly value: Readonly<ValueTarget> | null;
  readonly archived: boolean;
}

export interface ReadingView {
  readonly at: string;
  readonly atMs: number;
  readonly value: number;
  readonly source: string;
  /** Its position in the KPI's stored `readings` array: what `editReading`/`deleteReading` take. */
  readonly index: number;
}

export interface PlanPointView {
  readonly at: string;
  readonly atMs: number;
  readonly value: number;
}

export interface KpiView {
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  readonly direction: KpiDirection;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly baseline: number | null;
  readonly target: number | null;
  readonly startDate: string | null;
  readonly startMs: number | null;
  readonly targetDate: string | null;
  readonly targetMs: number | null;
  readonly amberPct: number;
  readonly redPct: number;
  readonly cadenceDays: number;
  readonly owner: string | null;
  /**
   * One reading per UTC date, oldest first (DESIGN §4 "Readings"): of several on a date, the one
   * written last (latest in the stored array) wins. Readings dated ahead of `now` are here too;
   * the rules leave them out (`recentReadings`). Worked out on first use (reading-series): the
   * rules read only the last few through `recentReadings`.
   */
  readonly readings: readonly ReadingView[];
  readonly plan: readonly PlanPointView[];
  readonly createdAt: string | null;
  readonly createdMs: number | null;
  readonly archived: boolean;
}

export interface DepView {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly needBy: string | null;
  readonly needByMs: number | null;
  readonly state: DepState;
  /** The date the upstream committed to (never a mere proposal). */
  readonly committedDate: string | null;
  readonly committedMs: number | null;
  /** A later date the upstream proposed back, waiting for the downstream to accept or decline it. */
  readonly proposedDate: string | null;
  readonly proposedMs: number | null;
  readonly owner: string | null;
  readonly archived: boolean;
}
