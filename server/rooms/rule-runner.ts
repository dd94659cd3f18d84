import * as Y from 'yjs';
import { applyTriagePolicy } from '../../shared/pivot/triage-policy';
import type { Finding } from '../../shared/rules/finding';
import { evaluateRules } from '../../shared/rules/index';
import { readRuleSettings } from '../../shared/schema/rule-settings';
import { readWorkspaceView } from '../../shared/schema/workspace-view';

/** The transaction origin of the rule runner's own writes, so they do not trigger another run. */
export const RULES_ORIGIN = 'throughline:rules';

/** The root types the rules read (DESIGN §3); a change anywhere else cannot change a finding. */
const WATCHED_ROOTS: ReadonlySet<string> = new Set(['meta', 'nodes', 'kpis', 'deps', 'agenda', 'rules']);

/**
 * Findings come only from entries, and the triage policy only acts on findings or on triage items
 * in the agenda: a document that has never held any of these roots has no findings, and
 * evaluating it would change nothing.
 */
const INPUT_ROOTS = ['nodes', 'kpis', 'deps', 'agenda'] as const;

/** Any shared type: Yjs types are invariant in their event type, so `unknown` does not fit. */
type SharedType = Y.AbstractType<any>;

export function rootOf(type: SharedType): SharedType {
  let current = type;
  while (current._item) current = current._item.parent as SharedType;
  return current;
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
 * neither does a change outside the root types the rules read.
 */
export class RuleRunner {
  private pending: NodeJS.Timeout | null = null;
  private readonly sweep: NodeJS.Timeout;
  private latest: Finding[] = [];
  private evaluated = false;
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin === RULES_ORIGIN || this.pending) return;
    for (const type of transaction.changed.keys()) {
      if (this.isWatched(rootOf(type))) {
        this.evaluateSoon();
        return;
      }
    }
  };

  private readonly doc: Y.Doc;

  constructor(
    private readonly workspace: string,
    private readonly room: RuleRoom,
    private readonly options: RuleRunnerOptions,
  ) {
    this.doc = room.doc;
    this.doc.on('afterTransaction', this.onTransaction);
    this.sweep = setInterval(() => this.evaluateNow(), options.sweepMs);
    this.sweep.unref();
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
    if (!INPUT_ROOTS.some((name) => this.doc.share.has(name))) {
      this.latest = [];
      return this.latest;
    }
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
    clearInterval(this.sweep);
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /**
   * Looked up by identity, since asking the document for a root by name would create it. A root
   * not found under any name was replaced within the transaction (a later `getMap` turns a root
   * first seen in an update into a Y.Map): it may be a watched one, so it counts.
   */
  private isWatched(root: SharedType): boolean {
    for (const [name, type] of this.doc.share) {
      if (type === root) return WATCHED_ROOTS.has(name);
    }
    return true;
  }

  /** Evaluates within `debounceMs`, once however often it is asked meanwhile. */
  evaluateSoon(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => this.evaluateNow(), this.options.debounceMs);
    this.pending.unref();
  }
}
