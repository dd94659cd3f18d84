/**
 * Numbers as the KPI table and detail print them. A KPI's band and slip come from
 * `kpiStatus` in shared/rules/kpi-status.ts, the same calculation as the rules' findings.
 */

/**
 * Rounds to `digits` significant digits but never into the whole-number part (1234567.8 reads
 * 1,234,568, not 1,234,570), in plain notation (no exponent), with "." for the decimals as the
 * number fields take it.
 */
function significantDigits(digits: number, useGrouping: boolean): Intl.NumberFormat {
  return new Intl.NumberFormat('en-US', { maximumSignificantDigits: digits, maximumFractionDigits: 0, roundingPriority: 'morePrecision', useGrouping });
}

/**
 * The KPI table's figures: six significant digits, so 105.5 reads 105.5 and 1234.5678 reads
 * 1,234.57, thousands grouped as the findings' sentences group them.
 */
const TABLE = significantDigits(6, true);
/**
 * A reading as entered: 15 significant digits keep every digit a person types (a double holds
 * 15 exactly) and drop binary noise (0.1 + 0.2 reads 0.3, not 0.30000000000000004). Not grouped:
 * it is checked against what was typed into a number field.
 */
const ENTERED = significantDigits(15, false);

function format(style: Intl.NumberFormat, value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '–';
  // + 0 turns -0 (a rounded tiny negative, or -0 typed) into 0; Intl would print "-0".
  const text = style.format(value + 0);
  return unit ? `${text} ${unit}` : text;
}

/**
 * A KPI figure for the table and the detail (latest reading, target, bounds).
 *
 * @example
 * formatNumber(105.5, '%') // '105.5 %'
 * formatNumber(2660, 'kUSD') // '2,660 kUSD'
 * formatNumber(null) // '–'
 */
export function formatNumber(value: number | null | undefined, unit = ''): string {
  return format(TABLE, value, unit);
}

/**
 * A reading as it was entered, for the readings list where people check corrections (SPEC C16):
 * no decimal a person typed is hidden.
 *
 * @example
 * formatEntered(1234.5678, 'kUSD') // '1234.5678 kUSD'
 */
export function formatEntered(value: number | null | undefined, unit = ''): string {
  return format(ENTERED, value, unit);
}
