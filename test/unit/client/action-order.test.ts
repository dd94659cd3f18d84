import { describe, expect, it } from 'vitest';
import { byDueDate, isOverdue } from '../../../client/state/action-order';

describe('the Actions view’s order and overdue mark', () => {
  it('[U68] orders by due date, soonest first, undated and unreadable dates last, ties in the order given, done or not', () => {
    const actions = [
      { id: 'none', due: null, done: false },
      { id: 'dec-b', due: '2026-12-10', done: false },
      { id: 'garbled', due: 'soon', done: false },
      { id: 'past', due: '2020-01-01', done: true },
      { id: 'dec-a', due: '2026-12-10', done: false },
      { id: 'nov', due: '2026-11-30', done: false },
    ];
    expect(byDueDate(actions).map((action) => action.id)).toEqual(['past', 'nov', 'dec-b', 'dec-a', 'none', 'garbled']);
  });

  it('[U68] an open action due before today is overdue; due today, done, or undated is not', () => {
    const today = '2026-12-06';
    expect(isOverdue({ due: '2020-01-01', done: false }, today)).toBe(true);
    expect(isOverdue({ due: '2026-12-05', done: false }, today)).toBe(true);
    expect(isOverdue({ due: '2026-12-06', done: false }, today)).toBe(false);
    expect(isOverdue({ due: '2020-01-01', done: true }, today)).toBe(false);
    expect(isOverdue({ due: null, done: false }, today)).toBe(false);
    expect(isOverdue({ due: 'soon', done: false }, today)).toBe(false);
  });
});
