import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../client/sync/awareness-state';
import { listNames, rotationWarning, timeAgo } from '../../../client/state/share-labels';

const NOW = new Date('2026-03-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function peer(name: string, role: Peer['user']['role'], guest: boolean, local = false): Peer {
  return { clientId: name.length, local, user: { id: name, name, color: '#000', role, guest }, view: 'tree', selection: null, editing: null };
}

describe('the share dialog’s words', () => {
  it('[A11] says when a member joined or was last seen the way a person would', () => {
    expect(timeAgo(null, NOW)).toBe('not yet');
    expect(timeAgo(null, NOW, 'never')).toBe('never');
    expect(timeAgo(ago(20_000), NOW)).toBe('just now');
    expect(timeAgo(ago(5 * 60_000), NOW)).toBe('5 min ago');
    expect(timeAgo(ago(3 * 3_600_000), NOW)).toBe('3 h ago');
    expect(timeAgo(ago(30 * 3_600_000), NOW)).toBe('yesterday');
    expect(timeAgo(ago(4 * 86_400_000), NOW)).toBe('4 days ago');
    expect(timeAgo('not a date', NOW)).toBe('not yet');
  });

  it('[A11] rotating a link warns who loses access: the guests on it here now, by name, not its members or me', () => {
    const peers = [
      peer('Ana Diaz', 'facilitator', false, true),
      peer('Ben Okafor', 'editor', true),
      peer('Cy Park', 'editor', true),
      peer('Chen Wu', 'editor', false),
      peer('Vic', 'viewer', true),
    ];
    const editor = rotationWarning('editor', peers);
    expect(editor).toContain('Everyone who opened the current editor link loses access at once');
    expect(editor).toContain('Ben Okafor and Cy Park are here now');
    expect(editor).not.toContain('Chen Wu');
    expect(rotationWarning('viewer', peers)).toContain('Vic is here now');
    expect(rotationWarning('facilitator', peers)).toContain('You stay signed in.');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});
