import type { Severity } from '../schema/constants';
import type { Subject } from '../schema/types';
import type { WorkspaceView } from '../schema/view-types';

/**
 * What a rule reports (DESIGN §4). `key` is `rule:subjectType:subjectId`, so the same problem
 * has the same key on every replica and on every evaluation: the pivot policy's triage item id
 * and the client's badges both hang off it.
 */
export interface Finding {
  readonly key: string;
  readonly rule: string;
  readonly subject: Subject;
  readonly severity: Severity;
  /** One sentence a leader understands without opening anything. */
  readonly message: string;
  /** The numbers the rule used (plain JSON), so the screen can show why. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** Every rule parameter is a number (days, percentages, counts, fractions). */
export type RuleParams = Readonly<Record<string, number>>;

/** The values a parameter may take: a settings screen's input range, and what a writer accepts. */
export interface ParamLimit {
  readonly min: number;
  readonly max: number;
  /** Counts and days of a window are whole numbers. */
  readonly integer?: boolean;
}

/** A rule module: pure, so the browser (previews, badges) and the server (the pivot) agree. */
export interface Rule<P extends RuleParams = RuleParams> {
  readonly id: string;
  readonly title: string;
  readonly defaults: P;
  /** The range of each parameter in `defaults`; a stored value outside it is clamped into it. */
  readonly limits: { readonly [K in keyof P]: ParamLimit };
  /** What people read for each parameter in `defaults` (the settings panel, refusals): never its key. */
  readonly labels: { readonly [K in keyof P]: string };
  /** Problems with a combination of parameters (each within its limits), as sentences; none when absent. */
  checkParams?(params: P): string[];
  evaluate(view: WorkspaceView, params: P, now: Date): Finding[];
}

export function makeFinding(
  rule: string,
  subject: Subject,
  severity: Severity,
  message: string,
  evidence: Record<string, unknown>,
): Finding {
  return { key: `${rule}:${subject.type}:${subject.id}`, rule, subject, severity, message, evidence };
}
