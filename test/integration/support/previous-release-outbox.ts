import pg from 'pg';
import type { DeliveryAttempt } from '../../../server/storage/store';

/** How long that release claimed a delivery (its DELIVERY_CLAIM_MS). */
const CLAIM_MS = 60_000;

/**
 * The outbox statements of a node of the release before M30 (bee1984,
 * `server/storage/postgres-store.ts` `dueDeliveries` and `recordAttempt`, copied verbatim): during
 * a rolling upgrade such a node keeps polling the outbox beside the upgraded ones. It claims a due
 * delivery by moving `next_at` to the claim's end, gates on `next_at` alone, and knows nothing of
 * the columns added since.
 */
export class PreviousReleaseOutbox {
  private constructor(private readonly pool: pg.Pool) {}

  static open(url: string): PreviousReleaseOutbox {
    return new PreviousReleaseOutbox(new pg.Pool({ connectionString: url, max: 2 }));
  }

  /** Claims what is due at `now`; answers the ids it will send. */
  async claim(now: string, limit: number): Promise<number[]> {
    const claimedUntil = new Date(Date.parse(now) + CLAIM_MS).toISOString();
    const { rows } = await this.pool.query<{ id: string }>(
      `WITH due AS (SELECT id AS due_id FROM outbox WHERE status = 'pending' AND next_at <= $1 ORDER BY next_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE outbox SET next_at = $3 FROM due WHERE id = due.due_id RETURNING id`,
      [now, limit, claimedUntil],
    );
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }

  /** A number: that release's SQL (`to_jsonb($2::int)`) stored no null code. */
  async recordAttempt(id: number, attempt: Omit<DeliveryAttempt, 'code'> & { code: number }): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET attempts = attempts + 1, codes = (codes::jsonb || to_jsonb($2::int))::text, last_error = $3, status = $4, next_at = $5,
         done_at = CASE WHEN $4 = 'pending' THEN NULL ELSE $6 END WHERE id = $1`,
      [id, attempt.code, attempt.error, attempt.status, attempt.nextAt, attempt.at],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
