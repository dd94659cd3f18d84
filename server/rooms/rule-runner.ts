import * as Y from 'yjs';
import { applyTriagePolicy } from '../../shared/pivot/triage-policy';
import type { Finding } from '../../shared/rules/finding';
import { evaluateRules } from '../../shared/rules/index';
import { readRuleSettings } from '../../shared/schema/rule-settings';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { changedOnlyUnviewedTexts, changedUnder } from './changed-roots';

/** The transaction origin of the rule runner's own writes, so they do not trigger another run. */
export const RULES_ORIGIN = 'throughline:rules';

/** The root types the rules read (DESIGN §3); a change anywhere else cannot change a finding. */
const WATCHED_ROOTS = ['meta', 'nodes', 'kpis', 'deps', 'agenda', 'rules'];

/**
 * Findings come only from entries, and the triage policy only acts on findings or on triage items
 * in the agenda: a document none of whose roots has ever held an entry has no findings, and
 * evaluating it would change nothing.
 */
const INPUT_ROOTS = ['nodes', 'kpis', 'deps', 'agenda'] as const;

/**
 * Whether any input root has ever held an entry (a deleted one still counts). Looked up, never
 * named: a root that exists only because something read it is empty, and naming it would create it.
 */
function hasRuleInputs(doc: Y.Doc): boolean {
  return INPUT_ROOTS.some((name) => {
    const root = doc.share.get(name);
    return root !== undefined && (root._map.size > 0 || root._start !== null);
  });
}

/** Evaluates the shared rules and applies the triage policy (DESIGN §4) through the document. */
export function runRules(doc: Y.Doc, now: Date): Finding[] {
  const view = readWorkspaceView(doc);
  const findings = evaluateRules(view, readRuleSettings(doc), now);
  applyTriagePolicy(doc, view, findings, now, RULES_ORIGIN);
  return findings;
}

/** The document a runner watches, and the room's one write path for what the triage policy writes. */
export interface RuleRoom {
  readonly doc: Y.Doc;
  change<T>(body: (doc: Y.Doc) => T, origin: unknown): T;
}

export interface RuleRunnerOptions {
  /** The longest a change waits for its evaluation (DESIGN §4: at most 100 ms). */
  debounceMs: number;
  /** Re-evaluation without changes, for rules that depend on the date (stale KPIs, overdue milestones). */
  sweepMs: number;
  clock: () => Date;
  /**
   * With several nodes, whether this one may write what the rules conclude now (N8): the others
   * evaluate for their REST answers but leave the document to the one that leads.
   */
  leads?: () => boolean;
}

/**
 * The server's authoritative rule runner for one room. A change schedules one evaluation at
 * most `debounceMs` later (a burst of typing is evaluated once, and the first keystroke is never
 * kept waiting longer than that); its own writes carry RULES_ORIGIN and schedule nothing, and
 * neither does a change outside the root types the rules read, or one only to texts they never
 * read (Q3).
 *
 * A room with nothing for the rules to read (most rooms of a large server hold no entries yet)
 * keeps no timer and evaluates nothing (Q1): the sweep runs only while there are entries, and a
 * change to such a room is settled at once, without a debounce timer.
 */
export class RuleRunner {
  private pending: NodeJS.Timeout | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private latest: Finding[] = [];
  private evaluated = false;
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin === RULES_ORIGIN || this.pending) return;
    if (changedUnder(this.doc, transaction, WATCHED_ROOTS) && !changedOnlyUnviewedTexts(this.doc, transaction)) this.evaluateSoon();
  };

  private readonly doc: Y.Doc;

  constructor(
    private readonly workspace: string,
    private readonly room: RuleRoom,
    private readonly options: RuleRunnerOptions,
  ) {
    this.doc = room.doc;
    this.doc.on('afterTransaction', this.onTransaction);
  }

  /** The current findings: the last evaluation's, or a fresh one when a change awaits it. */
  get findings(): Finding[] {
    return this.pending || !this.evaluated ? this.evaluateNow() : this.latest;
  }

  /** Evaluates at once (a REST caller wants the outcome of its own change in its answer). */
  evaluateNow(): Finding[] {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.evaluated = true;
    // A workspace nobody has filled yet (most idle rooms of a large server) costs no view cache
    // and no root maps: reading it would create both for nothing.
    if (!hasRuleInputs(this.doc)) {
      this.stopSweep();
      this.latest = [];
      return this.latest;
    }
    this.startSweep();
    try {
      if (this.options.leads && !this.options.leads()) {
        this.latest = evaluateRules(readWorkspaceView(this.doc), readRuleSettings(this.doc), this.options.clock());
        return this.latest;
      }
      this.latest = this.room.change((doc) => runRules(doc, this.options.clock()), RULES_ORIGIN);
    } catch (error) {
      // A rule bug must not take the relay down: it is logged and the last findings stand.
      console.error(`[rules] ${this.workspace}: ${(error as Error).stack ?? String(error)}`);
    }
    return this.latest;
  }

  stop(): void {
    if (this.pending) clearTimeout(this.pending);
    this.stopSweep();
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /** Evaluates within `debounceMs`, once however often it is asked meanwhile. */
  evaluateSoon(): void {
    if (this.pending) return;
    // Nothing to read costs nothing to evaluate: no reason to keep a timer for it.
    if (!hasRuleInputs(this.doc)) {
      this.evaluateNow();
      return;
    }
    this.pending = setTimeout(() => this.evaluateNow(), this.options.debounceMs);
    this.pending.unref();
  }

  /** Re-evaluation for the rules that depend on the date, while there is anything to evaluate. */
  private startSweep(): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => this.evaluateNow(), this.options.sweepMs);
    this.sweep.unref();
  }

  private stopSweep(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
  }
}
