import { describe, expect, it } from 'vitest';
import { rankEntries, type SearchEntry } from '../../../client/state/search-index';

const entry = (label: string): SearchEntry => ({ id: label, view: 'tree', kind: 'Objective', label });
const labels = (query: string, entries: SearchEntry[]) => rankEntries(query, entries).map((found) => found.label);

describe('search ranking', () => {
  const entries = ['Onboarding revamp', 'Usage export API', 'Net revenue retention', 'Retention at 110 %', 'Café pricing'].map(entry);

  it('[U25] ranks a word-start substring before one inside a word, and an earlier one first', () => {
    expect(labels('retention', entries)).toEqual(['Retention at 110 %', 'Net revenue retention']);
    expect(labels('port', [entry('Airport shuttle'), entry('Port of call')])).toEqual(['Port of call', 'Airport shuttle']);
  });

  it('[U25] finds letters in order when no substring matches, tighter first', () => {
    expect(labels('onbrev', entries)).toEqual(['Onboarding revamp']);
    expect(labels('ua', [entry('U x x x x a'), entry('Ua')])).toEqual(['Ua', 'U x x x x a']);
  });

  it('[U25] needs every word to match, and ignores case and accents', () => {
    expect(labels('usage api', entries)).toEqual(['Usage export API']);
    expect(labels('usage zebra', entries)).toEqual([]);
    expect(labels('CAFE', entries)).toEqual(['Café pricing']);
    expect(labels('   ', entries)).toEqual([]);
  });
});
