import { createMemo, type Accessor } from 'solid-js';
import type * as Y from 'yjs';
import { impactOfSubject, type ValueByUnit } from '../../shared/rollup/impact';
import type { Role } from '../../shared/schema/constants';
import { clearImpact, mayChangeHighlight, showImpact, type HighlightActor } from '../../shared/schema/impact-highlight';
import type { MeetingView } from '../../shared/schema/meeting';
import type { OpResult } from '../../shared/schema/op-result';
import type { Subject } from '../../shared/schema/types';
import type { WorkspaceView } from '../../shared/schema/view-types';
import type { ServerClock } from '../sync/server-clock';
import type { Identity } from './identity';

/** The impact chain the room is looking at, as this screen highlights it in every view. */
export interface Highlight {
  label: string;
  nodes: ReadonlySet<string>;
  kpis: ReadonlySet<string>;
  deps: ReadonlySet<string>;
  /** The planned value the chain puts at risk, per unit (never summed across units). */
  valueAtRisk?: ValueByUnit;
  /** Who showed it to the room. */
  by: string | null;
  /** Whether this person may clear it: its author or a facilitator (SPEC U8). */
  mayClear: boolean;
}

export interface SharedHighlight {
  highlight: Accessor<Highlight | null>;
  /** Whether this person may show an impact now: none showing, their own, or they facilitate. */
  mayShow: Accessor<boolean>;
  show(subject: Subject, label: string): void;
  clear(): void;
}

/**
 * The shared impact highlight (SPEC U8): written to the document's meeting map, so every screen
 * of the workspace, and one opened later, highlights the same chain, worked out here from the
 * subject with the shared impact maths.
 */
export function createSharedHighlight(options: {
  doc: Y.Doc;
  meeting: Accessor<MeetingView>;
  view: Accessor<WorkspaceView>;
  identity: Identity;
  role: Role;
  clock: ServerClock;
  apply<T>(result: OpResult<T>): T | undefined;
}): SharedHighlight {
  const actor: HighlightActor = { id: options.identity.id, name: options.identity.name, role: options.role };
  const highlight = createMemo((): Highlight | null => {
    const shown = options.meeting().highlight;
    if (!shown) return null;
    const impact = impactOfSubject(options.view(), shown.subject);
    return {
      label: shown.label,
      nodes: new Set(impact.nodes),
      kpis: new Set(impact.kpis),
      deps: new Set(shown.subject.type === 'dep' ? [shown.subject.id] : []),
      valueAtRisk: impact.valueAtRisk,
      by: shown.by,
      mayClear: mayChangeHighlight(shown, actor),
    };
  });
  return {
    highlight,
    mayShow: () => mayChangeHighlight(options.meeting().highlight, actor),
    show: (subject, label) => options.apply(showImpact(options.doc, { subject, label }, actor, options.clock.now())),
    clear: () => options.apply(clearImpact(options.doc, actor)),
  };
}
