import type { ConnectionCutter } from './grant';

/**
 * A count of the changes that can end someone's access (A4, A5): a member removed, a link
 * replaced or rotated, a session ended, and news of any of these from another node (N12). Each
 * local change is counted once what ended the access is stored. On one node with SQLite, a
 * connection let in while the count stood at n reads its grant again before entering its room
 * only if the count has moved since (Q6): otherwise the upgrade's check is still the latest word,
 * and a join costs one credential lookup, not two.
 *
 * With other nodes (or PostgreSQL's sessions, swept while a join awaits) access can end without
 * this count moving first: another node's revocation moves it only when its message arrives,
 * and one lost with a dropped subscription only once the node listens again. There every join
 * reads its grant once more, as before the count.
 */
export class AccessEpoch {
  private count = 0;

  constructor(private readonly everyJoinRereads: boolean) {}

  /**
   * What a join compares the count with once its room is loaded: the count its upgrade read the
   * grant at, or, where every join reads again, a value the count never has.
   */
  since(checkedAt: number): number {
    return this.everyJoinRereads ? -1 : checkedAt;
  }

  get current(): number {
    return this.count;
  }

  advance(): void {
    this.count++;
  }

  /** `cutter`, counting each cut and rebind: every local path that ends access goes through one. */
  counting(cutter: ConnectionCutter): ConnectionCutter {
    return {
      cut: (workspace, match, close) => {
        this.advance();
        return cutter.cut(workspace, match, close);
      },
      rebind: (workspace, sessionHash, tokenHash) => {
        this.advance();
        cutter.rebind(workspace, sessionHash, tokenHash);
      },
    };
  }
}
