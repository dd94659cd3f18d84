import { createHmac, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { quoted } from '../../shared/text/quoted';
import type { LinkSealer } from '../auth/link-sealer';
import type { WebhookAddressPolicy } from './address-policy';
import type { KeyHolders } from './key-holders';
import { DomainError } from '../errors';
import { after, type Awaitable } from '../storage/awaitable';
import type { Catalogue, DeliveryRecord, NewDelivery, WebhookConfig, WebhookEvent } from '../storage/store';

/**
 * Why a delivery pending to a URL taken off the webhooks ends unsent (M28): the facilitator who
 * removes a URL, often one typed wrong or a receiver being retired, means it to get nothing more.
 */
const REMOVED = 'Not sent: its URL was removed from the webhooks.';

/** How every sentence for an attempt whose secret did not open begins, in this release and those before. */
const UNOPENED_PREFIX = 'Not sent: the webhook secret can no longer be opened';

/**
 * Why an attempt at a delivery failed unsent on a server alone (SQLite, or PostgreSQL without
 * Redis) when the stored secret no longer opens (M29): the facilitator can do something about it,
 * and a delivery the receiver would have to trust unsigned is none.
 */
const SECRET_LOST = "Not sent: the webhook secret can no longer be opened (the server's key was replaced); set the secret again.";

/**
 * As SECRET_LOST, in a cluster (M29), where this node's key file is only one of several: no live
 * node holds the key the secret was sealed with.
 */
const KEY_GONE = 'Not sent: the webhook secret can no longer be opened (no running server holds the key it was sealed with); set the secret again.';

/**
 * How long no live node may have held a key before a secret sealed with it counts as lost (M29).
 * A holder restarting, or its link to Redis (or Redis itself) coming back, is out of the count for
 * seconds while it could still send: failing then would spend M11's retries, and give up, a
 * delivery that holder sends once it is counted again.
 */
const KEY_ABSENCE_GRACE_MS = 2 * 60_000;
/**
 * While a key stays without a holder its deliveries are tried at least about once a minute (a claim
 * lapsing, M11's retries): an absence no try has seen for this long ended unseen (its holder came
 * back and sent them), and the next is counted afresh, not from one weeks ago.
 */
const KEY_ABSENCE_FORGOTTEN_MS = 5 * 60_000;

/**
 * What a delivery left to another node (M29) waits for, listed as its last error until a node tries
 * it (M32): the log says who may send it, rather than that it is being sent or that it failed.
 */
const WAITING_FOR_HOLDER = 'Waiting for a server that holds the key the webhook secret was sealed with; the server that read it cannot open it.';
const WAITING_FOR_RETURN = 'Waiting: no running server holds the key the webhook secret was sealed with just now; one may be restarting.';
const WAITING_FOR_OLD_KEY = 'Waiting for a server whose key opens the webhook secret (set before this release); the server that read it cannot open it.';

/**
 * Why the webhook settings cannot be told on a node that cannot open the secret while Redis does
 * not answer it (M29): whether another server holds its key is unknown.
 */
const KEY_HOLDERS_UNKNOWN =
  'This server cannot tell now whether a running server holds the key the webhook secret was sealed with (Redis did not answer); try again in a moment, or set the secret again.';

const SECRET_REQUIRED = 'Webhooks need a secret of at least 16 characters the first time they are set: every delivery is signed with it.';

/** The associated data a workspace's webhook secret is sealed with: it opens only in its own row. */
const secretAad = (workspace: string) => `webhook-secret:${workspace}`;

/**
 * One delivery as the delivery log lists it (M11, M30), its body left out. `nextAt` is when its
 * next attempt is (or was) due, never the end of a claim this release made; `inFlight` says a
 * sender holds it now.
 */
type DeliveryEntry = Omit<DeliveryRecord, 'body' | 'claimedDueAt'> & { inFlight: boolean };

/**
 * A delivery's codes as M11 lists them. Releases before null recorded 0 for an attempt whose secret
 * did not open, though it sent nothing: the last attempt's error tells such a one (every one of
 * their sentences began so), and it reads null; earlier attempts' errors were not kept, so their
 * zeros stay "no answer".
 */
function sentCodes({ codes, lastError }: Pick<DeliveryRecord, 'codes' | 'lastError'>): Array<number | null> {
  if (codes.at(-1) !== 0 || !lastError?.startsWith(UNOPENED_PREFIX)) return codes;
  return [...codes.slice(0, -1), null];
}

/** `sha256=<hex HMAC-SHA256 of the body>` (DESIGN §5 webhooks, SPEC M10). */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Why a URL may not receive webhooks, or null when it may: only http(s), never this server
 * itself (an event would call back into the server that sent it), and a private address only
 * where the operator allows it (H19; a name is checked again as each delivery resolves it).
 */
function refuseUrl(raw: string, ownOrigins: readonly string[], addresses: WebhookAddressPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${quoted(raw)} is not a URL.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${quoted(raw)}: webhooks are sent over http or https only, not ${url.protocol.replace(':', '')}.`;
  if (url.username || url.password) return `${quoted(raw)}: put no credentials in the URL; the signature authenticates the sender.`;
  if (url.port === '0') return `${quoted(raw)}: port 0 is no port a receiver can listen on.`;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  for (const own of ownOrigins) {
    const mine = new URL(own);
    const minePort = mine.port || (mine.protocol === 'https:' ? '443' : '80');
    const mineHost = mine.hostname.replace(/^\[|\]$/g, '');
    const sameHost = host === mineHost || (isLoopback(host) && isLoopback(mineHost));
    if (sameHost && port === minePort) return `${quoted(raw)} is this Throughline server itself; a webhook must go to another service.`;
  }
  const refusal = addresses.refusedHost(host);
  return refusal === null ? null : `${quoted(raw)}: ${refusal}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.')) || host === '0.0.0.0';
}

/** Outgoing webhooks: their configuration, the deliveries an event causes, and the delivery log. */
export class WebhookService {
  /**
   * Each key this node found with no live holder, by key id ('' for a secret the release before
   * sealed, which names none): since when, and when it last found none (KEY_ABSENCE_GRACE_MS,
   * KEY_ABSENCE_FORGOTTEN_MS).
   */
  private readonly keyAbsences = new Map<string, { since: number; last: number }>();

  constructor(
    private readonly store: Catalogue,
    private readonly sealer: LinkSealer,
    private readonly clock: () => Date,
    private readonly addresses: WebhookAddressPolicy,
    /** The other nodes sending from this outbox, asked who holds a key (M29); null on a server alone. */
    private readonly keyHolders: KeyHolders | null,
  ) {}

  /**
   * Sets the workspace's webhook URLs, signed with `secret`, or with the secret stored before
   * when none is given (M29): it is never read back, so a facilitator changing a URL or turning
   * webhooks off would otherwise have to make up a new one. The first URLs need one.
   */
  async configure(workspace: string, urls: string[], secret: string | undefined, ownOrigins: readonly string[]): Promise<{ urls: string[] }> {
    const problems = urls.map((url) => refuseUrl(url, ownOrigins, this.addresses)).filter((problem): problem is string => problem !== null);
    if (problems.length > 0) throw new DomainError('invalid', 'invalid_webhook_url', problems.join(' '), problems);
    // As the URL standard writes each (the host lower-cased, a default port and surrounding spaces
    // dropped), so one receiver written two ways is sent each event once, and the list shows it plainly.
    const unique = [...new Set(urls.map((url) => new URL(url).href))];
    const at = this.clock().toISOString();
    if (secret === undefined && unique.length > 0 && !(await this.signs(workspace, await this.store.getWebhooks(workspace)))) {
      throw new DomainError('invalid', 'secret_required', SECRET_REQUIRED);
    }
    const sealed = secret === undefined ? null : this.sealer.seal(secret, secretAad(workspace));
    const stored = await this.store.setWebhooks(workspace, unique, sealed, at);
    // Removed meanwhile by another save, with nothing to sign the URLs with: as if none were stored.
    if (!stored && unique.length > 0) throw new DomainError('invalid', 'secret_required', SECRET_REQUIRED);
    await this.store.withdrawDeliveries(workspace, unique, REMOVED, at);
    return { urls: unique };
  }

  /**
   * The URLs deliveries go to, and whether a secret is stored that signs them, as the sender would
   * find it (`reach`): one no server can open any more is none, so the form asks for a new one.
   * `secretSet` is null when this node cannot tell (Redis unanswered, M29): the delivery log is
   * still listed, and only a save without a secret is refused meanwhile.
   */
  async settings(workspace: string): Promise<{ urls: string[]; secretSet: boolean | null }> {
    const config = await this.store.getWebhooks(workspace);
    try {
      return { urls: config?.urls ?? [], secretSet: await this.signs(workspace, config) };
    } catch (failure) {
      if (failure instanceof DomainError && failure.code === 'key_holders_unknown') return { urls: config!.urls, secretSet: null };
      throw failure;
    }
  }

  /**
   * Whether the stored secret signs deliveries (M29): exactly when the sender would not count an
   * attempt with it as failed, so every node tells a facilitator the same, and a save without a
   * secret is refused on none of them while a node would still sign with it. Throws
   * `key_holders_unknown` when Redis cannot be asked.
   */
  private async signs(workspace: string, config: WebhookConfig | undefined): Promise<boolean> {
    return config !== undefined && !('lost' in (await this.reach(workspace, config)));
  }

  urls(workspace: string): Awaitable<string[]> {
    return after(this.store.getWebhooks(workspace), (config) => config?.urls ?? []);
  }

  /**
   * The secret to sign `delivery` with; or null when its URL is no longer among the workspace's
   * webhooks: then it is ended unsent (M28), as a retry read from the outbox before the URL was
   * removed would otherwise still go out. A secret this node cannot open (M29) is never replaced
   * by sending unsigned: `unsigned` says why the attempt failed, when no node can open it, and
   * `elsewhere` why this node leaves the delivery to another, which may. Throws
   * `key_holders_unknown` when Redis cannot be asked.
   */
  async secretFor(delivery: DeliveryRecord): Promise<{ secret: string } | { unsigned: string } | { elsewhere: string } | null> {
    const config = await this.store.getWebhooks(delivery.workspace);
    const urls = config?.urls ?? [];
    if (!urls.includes(delivery.url)) {
      await this.store.withdrawDeliveries(delivery.workspace, urls, REMOVED, this.clock().toISOString());
      return null;
    }
    const reach = await this.reach(delivery.workspace, config!);
    if ('opens' in reach) return { secret: reach.opens };
    return 'waits' in reach ? { elsewhere: reach.waits } : { unsigned: reach.lost };
  }

  /**
   * Who can open the stored secret (M29), the one answer both `signs` and the sender read: this
   * node (`opens`), another that holds its key or may be back within the grace (`waits`, what the
   * delivery waits for), or none (`lost`, why an attempt fails). Throws `key_holders_unknown` when
   * Redis cannot be asked: no answer would be known to be true.
   */
  private async reach(workspace: string, config: WebhookConfig): Promise<{ opens: string } | { waits: string } | { lost: string }> {
    const secret = this.sealer.open(config.sealedSecret, secretAad(workspace));
    const sealedWith = this.sealer.sealedWith(config.sealedSecret);
    if (secret !== null) {
      if (sealedWith === null) await this.reseal(workspace, config.sealedSecret, secret);
      return { opens: secret };
    }
    // A server alone (SQLite, or PostgreSQL without Redis) is the only sender there is.
    if (this.keyHolders === null) return { lost: SECRET_LOST };
    // Named this node's own key and still not opening: altered, so sealed with no key anyone holds.
    if (sealedWith === this.sealer.keyId) return { lost: KEY_GONE };
    // Sealed by the release before, it names no key to ask about; but any node of this release that
    // opens it seals it again naming its key (`reseal`), so one still naming none has been opened by
    // none of them yet: it gets the grace an unheld key gets, for such a node to read it.
    if (sealedWith !== null) {
      let held: boolean;
      try {
        held = await this.keyHolders.keyHeld(sealedWith);
      } catch (failure) {
        console.error(`[webhooks] asking who holds the key of workspace ${workspace}'s webhook secret failed: ${(failure as Error).message}`);
        throw new DomainError('unavailable', 'key_holders_unknown', KEY_HOLDERS_UNKNOWN);
      }
      if (held) {
        this.keyAbsences.delete(sealedWith);
        return { waits: WAITING_FOR_HOLDER };
      }
    }
    const absent = sealedWith ?? '';
    const now = this.clock().getTime();
    const known = this.keyAbsences.get(absent);
    const since = known && now - known.last <= KEY_ABSENCE_FORGOTTEN_MS ? known.since : now;
    this.keyAbsences.set(absent, { since, last: now });
    if (now - since < KEY_ABSENCE_GRACE_MS) return { waits: sealedWith === null ? WAITING_FOR_OLD_KEY : WAITING_FOR_RETURN };
    return { lost: KEY_GONE };
  }

  /**
   * Seals again, naming this node's key, a secret the release before sealed naming none (A1), so
   * every other node can ask whether a live node holds that key (M29) rather than guess. Only while
   * the secret read is still stored: one a facilitator saved meanwhile stands. A write that fails
   * is told to the server's log only: the secret opened here either way, and a facilitator's read
   * of the log or a delivery must not fail for a tidy-up the next read tries again.
   */
  private async reseal(workspace: string, read: string, secret: string): Promise<void> {
    try {
      if (await this.store.resealWebhookSecret(workspace, read, this.sealer.seal(secret, secretAad(workspace)))) {
        console.error(`[webhooks] workspace ${workspace}'s webhook secret, sealed before key ids, sealed again naming this server's key`);
      }
    } catch (failure) {
      console.error(`[webhooks] sealing workspace ${workspace}'s webhook secret again failed: ${(failure as Error).message}`);
    }
  }

  /** One delivery per configured URL (`urls`, as `urls()` answered); `data` goes in the body beside the event's name and id. */
  deliveriesFor(urls: readonly string[], workspace: string, event: WebhookEvent, data: Record<string, unknown>): NewDelivery[] {
    if (urls.length === 0) return [];
    const body = JSON.stringify({ id: randomUUID(), event, workspace, at: this.clock().toISOString(), ...data });
    return urls.map((url) => ({ workspace, event, url, body }));
  }

  /**
   * The delivery log (M30): a delivery a PostgreSQL node claimed (N10) is in flight while the claim
   * lasts, and due once it lapsed (its node died), listed with the time it was due rather than the
   * claim's end its `nextAt` holds. SQLite does not claim, and a claim made by a node of the release
   * before kept no due time: those are listed as stored.
   */
  deliveries(workspace: string, limit = 200): Awaitable<DeliveryEntry[]> {
    const now = this.clock().toISOString();
    return after(this.store.listDeliveries(workspace, limit), (records) =>
      records.map(({ body: _, claimedDueAt, ...delivery }) => {
        const claimed = delivery.status === 'pending' && claimedDueAt !== null;
        return { ...delivery, codes: sentCodes(delivery), nextAt: claimed ? claimedDueAt : delivery.nextAt, inFlight: claimed && delivery.nextAt > now };
      }),
    );
  }
}
