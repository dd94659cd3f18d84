import type { ConnectionCutter } from './grant';

/**
 * A count of the changes that can end someone's access (A4, A5): a member removed, a link
 * replaced or rotated, a session ended, any of these on another node (N12). Each is counted
 * once what ended the access is stored. A connection let in while the count stood at n reads its
 * grant again before entering its room only if the count has moved since (Q6): otherwise the
 * upgrade's check is still the latest word, and a join costs one credential lookup, not two.
 */
export class AccessEpoch {
  private count = 0;

  get current(): number {
    return this.count;
  }

  advance(): void {
    this.count++;
  }

  /** `cutter`, counting each cut and rebind: every local path that ends access goes through one. */
  counting(cutter: ConnectionCutter): ConnectionCutter {
    return {
      cut: (workspace, match, reason) => {
        this.advance();
        return cutter.cut(workspace, match, reason);
      },
      rebind: (workspace, sessionHash, tokenHash) => {
        this.advance();
        cutter.rebind(workspace, sessionHash, tokenHash);
      },
    };
  }
}
