import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Awaitable } from '../storage/awaitable';
import type { Catalogue, DeliveryRecord } from '../storage/store';
import { ADDRESS_REFUSED, type WebhookAddressPolicy } from './address-policy';
import { signature, type WebhookService } from './webhook-service';

export interface WebhookSenderOptions {
  /** The wait after each failed attempt; one more failure than there are waits gives up (M11). */
  backoffMs: readonly number[];
  /** How often the outbox is looked at for due deliveries. */
  pollMs: number;
  timeoutMs: number;
  clock: () => Date;
  /** Which addresses deliveries may reach (H19), checked as each connects. */
  addresses: WebhookAddressPolicy;
}

export const DEFAULT_BACKOFF_MS = [1_000, 4_000, 16_000, 64_000] as const;

/** Deliveries read from the outbox at each look, beyond those already in flight. */
const BATCH = 50;

/**
 * How long an ended delivery (delivered or failed) stays in the outbox for the delivery log
 * (M18): every event writes a row per URL, so without an end the table would grow for as long as
 * the workspace is used (M20).
 */
const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Why a delivery waits when whether it can be signed is unknown (M32); the cause goes to the server's log. */
const NOT_SENT_YET = 'Not sent yet: this server could not tell what signs it; it is tried again shortly.';

/** Ended deliveries are removed at start and then at most this often, in one statement. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Sends the outbox (SPEC M9–M11). Deliveries are read from the database, never from memory, so a
 * restart (even after SIGKILL) resumes every pending one; a delivery in flight when the process
 * died is sent again (at least once: the body's `id` lets a receiver drop a repeat). A 2xx
 * delivers; anything else, no answer, or a secret no node can open any more (M29: nothing is sent
 * unsigned), waits 1 s, 4 s, 16 s, 64 s, then is marked failed.
 */
export class WebhookSender {
  private readonly inFlight = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private prunedAt = -Infinity;

  constructor(
    private readonly store: Catalogue,
    private readonly webhooks: WebhookService,
    private readonly options: WebhookSenderOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Sends what is due; in-flight deliveries are not sent twice by one process. */
  async poll(): Promise<void> {
    if (this.stopped) return;
    await this.pruneWhenDue();
    let due: DeliveryRecord[];
    try {
      // Deliveries in flight stay due in the outbox until answered (SQLite does not claim them):
      // read past them, or fifty held open by receivers that never answer would fill every read,
      // and no other workspace's delivery would go out until the sender gave up on them (H20).
      due = await this.store.dueDeliveries(this.options.clock().toISOString(), BATCH + this.inFlight.size);
    } catch (error) {
      console.error(`[webhooks] reading the outbox failed: ${(error as Error).message}`);
      return;
    }
    for (const delivery of due) {
      if (this.inFlight.has(delivery.id)) continue;
      this.inFlight.add(delivery.id);
      void this.send(delivery).finally(() => this.inFlight.delete(delivery.id));
    }
  }

  private async pruneWhenDue(): Promise<void> {
    const now = this.options.clock().getTime();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    try {
      await this.store.pruneDeliveries(new Date(now - DELIVERY_RETENTION_MS).toISOString());
    } catch (error) {
      console.error(`[webhooks] removing old deliveries failed: ${(error as Error).message}`);
    }
  }

  private async send(delivery: DeliveryRecord): Promise<void> {
    let signing: Awaited<ReturnType<WebhookService['secretFor']>>;
    try {
      signing = await this.webhooks.secretFor(delivery);
    } catch (failure) {
      // Not known whether it can be signed (Redis unanswered, the database failing): no attempt, and
      // it is tried again once the claim ends, which the log says rather than "Sending now" (M32), in
      // a fixed sentence: the failure's own text can name internal hosts, for the server's log only.
      await this.settle(delivery, () => this.store.leaveDelivery(delivery, NOT_SENT_YET));
      console.error(`[webhooks] reading the secret for delivery ${delivery.id} failed: ${(failure as Error).message}`);
      return;
    }
    // Withdrawn (M28): ended already, with no attempt.
    if (signing === null) return;
    if ('elsewhere' in signing) {
      // Another node may sign it (M29): this one records no attempt, and a node that opens the
      // secret sends it once the claim ends (N10). Meanwhile the log says what it waits for,
      // rather than that it is being sent (M32).
      await this.settle(delivery, () => this.store.leaveDelivery(delivery, signing.elsewhere));
      console.error(`[webhooks] delivery ${delivery.id}: this node cannot open the webhook secret; left to a node that can (${signing.elsewhere})`);
      return;
    }
    // Null: nothing was sent (M11), which the log tells apart from a request no receiver answered.
    let code: number | null = null;
    let error: string | null = null;
    if ('unsigned' in signing) {
      // No node can sign it: an attempt that failed (M11), or the delivery would stay due for ever.
      error = signing.unsigned;
    } else {
      try {
        code = await postJson(delivery.url, delivery.body, {
          'x-throughline-event': delivery.event,
          'x-throughline-signature': signature(signing.secret, delivery.body),
        }, this.options.addresses, this.options.timeoutMs);
        if (code < 200 || code >= 300) error = `answered ${code}`;
      } catch (failure) {
        // No status: refused or timed out (0), or an address H19 does not allow, refused before
        // connecting, so nothing was sent (null, M11).
        code = (failure as NodeJS.ErrnoException).code === ADDRESS_REFUSED ? null : 0;
        error = (failure as Error).message;
      }
    }
    if (this.stopped) return;
    const now = this.options.clock();
    const attempt = delivery.attempts + 1;
    const wait = this.options.backoffMs[attempt - 1];
    const status = error === null ? 'delivered' : wait === undefined ? 'failed' : 'pending';
    const nextAt = new Date(now.getTime() + (status === 'pending' ? wait! : 0)).toISOString();
    await this.settle(delivery, () => this.store.recordAttempt(delivery, { code, error, status, nextAt, at: now.toISOString() }));
  }

  /**
   * Writes what came of a try, under the claim it was made under. A claim that lapsed meanwhile (a
   * pause past its minute) may belong to another node now, whose outcome stands: this one's is
   * only logged.
   */
  private async settle(delivery: DeliveryRecord, write: () => Awaitable<boolean>): Promise<void> {
    try {
      if (!(await write())) {
        console.error(`[webhooks] delivery ${delivery.id} was taken over (its claim lapsed) or ended meanwhile; what this node made of it is not recorded`);
      }
    } catch (failure) {
      console.error(`[webhooks] writing what came of delivery ${delivery.id} failed: ${(failure as Error).message}`);
    }
  }
}

/**
 * POSTs a JSON body and answers the status. A redirect is an answer, not followed (a receiver
 * cannot send the signed body elsewhere); the connection goes only where `addresses` allows, an
 * address literal checked before connecting and a name as it resolves.
 */
function postJson(raw: string, body: string, headers: OutgoingHttpHeaders, addresses: WebhookAddressPolicy, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(raw);
    const refusal = addresses.refusedHost(url.hostname.replace(/^\[|\]$/g, ''));
    if (refusal) return reject(Object.assign(new Error(refusal), { code: ADDRESS_REFUSED }));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, lookup: addresses.lookup }, (response) => {
      clearTimeout(timer);
      // Only the status is recorded: the answer's body is not waited for (a receiver trickling
      // it would hold the socket for as long as it liked).
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    // The time to the answer's status, not an idle socket's: a receiver trickling headers is cut off too.
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}
