import { describe, expect, it } from 'vitest';
import { formatEntered, formatNumber } from '../../../client/state/kpi-status';

describe('[C16] KPI figures show what was entered', () => {
  it('keeps the decimals of a figure of 100 or more in the table', () => {
    expect(formatNumber(105.5, '%')).toBe('105.5 %');
    expect(formatNumber(1234.5678, 'kUSD')).toBe('1,234.57 kUSD');
    expect(formatNumber(110)).toBe('110');
  });

  it('rounds the table to six significant digits, never into the whole number, in plain notation', () => {
    expect(formatNumber(3.14159265)).toBe('3.14159');
    expect(formatNumber(1234567.8)).toBe('1,234,568');
    expect(formatNumber(0.000123456789)).toBe('0.000123457');
    expect(formatNumber(1.5e-9)).toBe('0.0000000015');
    expect(formatNumber(-0.0000001)).toBe('-0.0000001');
    expect(formatNumber(-0)).toBe('0');
  });

  it('shows a reading as entered, every typed decimal and no binary noise', () => {
    expect(formatEntered(1234.5678, 'kUSD')).toBe('1234.5678 kUSD');
    expect(formatEntered(105.5, '%')).toBe('105.5 %');
    expect(formatEntered(0.1 + 0.2)).toBe('0.3');
    expect(formatEntered(987654.321)).toBe('987654.321');
  });

  it('prints a dash for no value', () => {
    expect(formatNumber(null, '%')).toBe('–');
    expect(formatEntered(undefined)).toBe('–');
  });
});
