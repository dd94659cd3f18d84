import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses that are not the public internet (RFC 6890 special-purpose ranges): this machine,
 * the private networks around it, link-local (where clouds serve instance credentials,
 * 169.254.169.254), carrier-grade NAT, benchmarking, multicast and reserved space; BlockList
 * checks an IPv4 address written as IPv6 (`[::ffff:7f00:1]`) against the IPv4 ranges. A webhook URL
 * is a facilitator's to choose, and without this a facilitator could make the server probe its
 * own network and read the answers' status codes in the delivery log.
 */
const PRIVATE = new BlockList();

/** The error code of a connection H19 refused before it was made: nothing was sent (M11). */
export const ADDRESS_REFUSED = 'EWEBHOOKADDRESS';
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // Unspecified, loopback and IPv4-compatible addresses.
  ['::', 96],
  // NAT64 and 6to4 carry an IPv4 address inside, a private one as easily as any.
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/**
 * Which hosts webhooks may reach (SPEC H19). Public addresses always; a private one only when
 * the server's operator allows it (`THROUGHLINE_WEBHOOK_ALLOW`: host names, addresses and CIDR
 * ranges, comma-separated, or `private` for every private address), as a self-hosted team whose
 * receivers live inside its network does. A host name is checked on every delivery by what it
 * resolves to then, not when it was configured, so a name that later points inside is refused too.
 */
export class WebhookAddressPolicy {
  private readonly allowedNames = new Set<string>();
  private readonly allowedAddresses = new BlockList();
  private readonly allowsEveryPrivate: boolean;

  /** Throws, naming the entry, when an entry of `allowed` is neither a host name, an address nor a range. */
  constructor(allowed: readonly string[]) {
    this.allowsEveryPrivate = allowed.includes('private');
    for (const entry of allowed) {
      if (entry === 'private') continue;
      const [address, prefix, extra] = entry.split('/');
      const family = isIP(address!);
      if (family !== 0 && prefix === undefined) this.allowedAddresses.addAddress(address!, family === 4 ? 'ipv4' : 'ipv6');
      else if (family !== 0 && extra === undefined && /^\d+$/.test(prefix!) && Number(prefix) <= (family === 4 ? 32 : 128)) {
        this.allowedAddresses.addSubnet(address!, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
      } else if (prefix === undefined && /^[a-z0-9.-]+$/i.test(entry)) this.allowedNames.add(entry.toLowerCase());
      else throw new Error(`THROUGHLINE_WEBHOOK_ALLOW: "${entry}" is not a host name, an address, a CIDR range or "private".`);
    }
  }

  /** Why a webhook may not go to `host` as written (an address literal), or null; a name is checked when it resolves. */
  refusedHost(host: string): string | null {
    return isIP(host) === 0 ? null : this.refusedAddress(host, host);
  }

  /** `net`'s lookup for a delivery to a named host: every address the name resolves to must be allowed. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refusal = addresses.map((found) => this.refusedAddress(hostname, found.address)).find((problem) => problem !== null);
      if (refusal) return callback(Object.assign(new Error(refusal), { code: ADDRESS_REFUSED }), '', 0);
      if (options.all) return callback(null, addresses as unknown as string, 0);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  private refusedAddress(hostname: string, address: string): string | null {
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (!PRIVATE.check(address, type)) return null;
    if (this.allowsEveryPrivate || this.allowedNames.has(hostname.toLowerCase()) || this.allowedAddresses.check(address, type)) return null;
    const via = hostname === address ? '' : ` (where ${hostname} resolves)`;
    return `${address}${via} is a private address; webhooks go to public addresses unless the server's operator allows this one with THROUGHLINE_WEBHOOK_ALLOW.`;
  }
}
