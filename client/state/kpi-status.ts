/**
 * Numbers as the KPI table and detail print them. A KPI's band and slip come from
 * `kpiStatus` in shared/rules/kpi-status.ts, the same calculation as the rules' findings.
 */
export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '–';
  const text = Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toFixed(2)).toString();
  return unit ? `${text} ${unit}` : text;
}
