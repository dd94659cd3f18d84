import type { RolledUpHealth } from '../../../shared/rollup/rollups';

/** `off`: nothing judged it (a KPI whose `kpi-threshold` rule is switched off), shown neutral, never green. */
const LABEL: Record<RolledUpHealth, string> = { green: 'On track', amber: 'At risk', red: 'Off track', off: 'Not judged' };

/** The red/amber/green health of a node or KPI, with words as well as colour. */
export function HealthBadge(props: { health: RolledUpHealth; label?: string; compact?: boolean }) {
  return (
    <span class="health" data-health={props.health} data-testid="health" title={props.label ?? LABEL[props.health]}>
      <span class="health-dot" aria-hidden="true" />
      <span class={props.compact ? 'visually-hidden' : undefined}>{props.label ?? LABEL[props.health]}</span>
    </span>
  );
}
