/**
 * Why the server refused something a client sent (H14): each refusal is counted by reason for
 * `/metrics`, so an operator can tell a hostile or broken client from a healthy room.
 */
export type RefusalReason =
  /** A frame that does not decode, or an update that does not apply (R2). */
  | 'malformed_frame'
  /** A text frame. */
  | 'text_frame'
  /** A frame over the payload limit. */
  | 'frame_too_large'
  /** An update over the per-update work budget (H3). */
  | 'update_over_budget'
  /** Held-back updates over the room's cap (H4). */
  | 'held_back_limit'
  /** Presence for an id the connection does not control (H5). */
  | 'presence_foreign_id'
  /** A presence state over the size limit (H6). */
  | 'presence_too_large'
  /** Presence messages over the rate limit (H6). */
  | 'presence_rate'
  /** An update written with a client id another live connection owns (H12). */
  | 'client_id_in_use'
  /** A connection that stopped reading while too much was queued for it. */
  | 'client_too_slow'
  /** A viewer's update or sync step 2 (R3). */
  | 'viewer_write'
  /** A connection over the per-workspace cap (H7). */
  | 'connections_per_workspace'
  /** A connection over the per-address cap (H7). */
  | 'connections_per_address'
  /** An HTTP request answered with a 4xx error; counted by its error code. */
  | `http_${string}`;

export class Refusals {
  private readonly counts = new Map<RefusalReason, number>();

  count(reason: RefusalReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  /** Every reason refused so far with its count, in a stable order for the exposition. */
  entries(): Array<[RefusalReason, number]> {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b));
  }
}
