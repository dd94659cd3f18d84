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

/** A rule module: pure, so the browser (previews, badges) and the server (the pivot) agree. */
export interface Rule<P extends RuleParams = RuleParams> {
  readonly id: string;
  readonly title: string;
  readonly defaults: P;
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
