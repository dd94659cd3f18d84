import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { WebhookAddressPolicy } from '../../../../server/webhooks/address-policy';

/** What the policy's lookup answers for `host` (real DNS: `localhost` resolves without a network). */
function resolve(policy: WebhookAddressPolicy, host: string): Promise<LookupAddress[]> {
  return new Promise((done, fail) => {
    policy.lookup(host, { all: true }, (error, addresses) => (error ? fail(error) : done(addresses as unknown as LookupAddress[])));
  });
}

describe('which addresses webhooks may reach (SPEC H19)', () => {
  const strict = new WebhookAddressPolicy([]);

  it('[H19] refuses every private, loopback, link-local and reserved address literal, and lets public ones through', () => {
    for (const host of ['10.1.2.3', '127.0.0.1', '127.8.8.8', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', '::ffff:7f00:1', 'fd12::1', 'fe80::1']) {
      expect(strict.refusedHost(host), host).toMatch(/is a private address/);
    }
    for (const host of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '1.1.1.1', '2606:4700::1111', 'hooks.example.com']) {
      expect(strict.refusedHost(host), host).toBeNull();
    }
  });

  it('[H19] the operator allows private hosts by address, range, name or all at once', () => {
    const policy = new WebhookAddressPolicy(['10.0.0.0/8', '192.168.1.20', 'fd00::/8']);
    expect(policy.refusedHost('10.200.0.1')).toBeNull();
    expect(policy.refusedHost('192.168.1.20')).toBeNull();
    expect(policy.refusedHost('192.168.1.21')).toMatch(/is a private address/);
    expect(policy.refusedHost('fd00::5')).toBeNull();
    expect(policy.refusedHost('127.0.0.1')).toMatch(/is a private address/);
    expect(new WebhookAddressPolicy(['private']).refusedHost('127.0.0.1')).toBeNull();
  });

  it('[H19] a name is judged by what it resolves to, and allowed by name', async () => {
    await expect(resolve(strict, 'localhost')).rejects.toThrow(/where localhost resolves\) is a private address/);
    const allowed = await resolve(new WebhookAddressPolicy(['localhost']), 'localhost');
    expect(allowed.length).toBeGreaterThan(0);
  });

  it('[H19] an allow-list entry that is none of those stops the server from starting, naming it', () => {
    for (const entry of ['10.0.0.0/33', '10.0.0.0/8/1', 'http://x', 'a b', '::1/129']) {
      expect(() => new WebhookAddressPolicy([entry]), entry).toThrow(`THROUGHLINE_WEBHOOK_ALLOW: "${entry}" is not`);
    }
  });
});
