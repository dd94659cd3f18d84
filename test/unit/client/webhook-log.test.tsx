import { cleanup, render } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery, WebhookLog } from '../../../client/sync/record-api';
import { formatWhen } from '../../../client/views/common/format-when';

const delivery = (id: number, fields: Partial<Delivery>): Delivery => ({
  id,
  event: 'pivot',
  url: `https://hooks.example.com/${id}`,
  createdAt: '2026-12-06T12:00:00.000Z',
  status: 'pending',
  attempts: 0,
  nextAt: '2026-12-06T12:00:00.000Z',
  inFlight: false,
  codes: [],
  lastError: null,
  doneAt: null,
  ...fields,
});

const log: WebhookLog = {
  urls: ['https://hooks.example.com/1'],
  secretSet: true,
  deliveries: [
    delivery(1, { inFlight: true }),
    delivery(2, { attempts: 1, codes: [500], lastError: 'answered 500', nextAt: '2026-12-06T12:00:04.000Z' }),
    delivery(3, { status: 'delivered', attempts: 1, codes: [200], doneAt: '2026-12-06T12:00:01.000Z' }),
    // As a node of the release before answers during a rolling upgrade: no inFlight at all.
    { ...delivery(4, { nextAt: '2026-12-06T12:01:00.000Z' }), inFlight: undefined },
    // Given up: the secret could not be opened (null: nothing sent), after a receiver that did not answer (0).
    delivery(5, { status: 'failed', attempts: 3, codes: [0, null, null], lastError: 'Not sent: the webhook secret can no longer be opened.', doneAt: '2026-12-06T12:00:20.000Z' }),
    // Left by a node that cannot open the secret to one that holds its key (M29): not in flight.
    delivery(6, { lastError: 'Waiting for a server that holds the key the webhook secret was sealed with.', nextAt: '2026-12-06T12:01:00.000Z' }),
  ],
};

/** What the next read of the log answers: the log above unless a test says otherwise. */
let read: () => Promise<WebhookLog> = () => Promise.resolve(log);

vi.mock('../../../client/state/workspace-context', () => ({
  useWorkspace: () => ({ record: { api: { webhooks: () => read() } }, notices: { notify: () => {} } }),
}));

const { WebhookSettings } = await import('../../../client/views/history/WebhookSettings');

describe('the delivery log (SPEC M18, M30)', () => {
  afterEach(() => {
    cleanup();
    read = () => Promise.resolve(log);
  });

  it('[M30] a delivery in flight is "Sending now", one waiting shows when it is tried next, one that ended shows no next try', async () => {
    const view = render(() => <WebhookSettings />);
    await view.findByText('https://hooks.example.com/3');
    const nextTry = (url: string) => {
      const row = view.getAllByRole('row').find((candidate) => candidate.textContent!.includes(url))!;
      return row.querySelectorAll('td')[6]!.textContent;
    };
    expect(nextTry('https://hooks.example.com/1')).toBe('Sending now');
    expect(nextTry('https://hooks.example.com/2')).toBe(formatWhen('2026-12-06T12:00:04.000Z'));
    expect(nextTry('https://hooks.example.com/3')).toBe('–');
    expect(nextTry('https://hooks.example.com/4')).toBe(formatWhen('2026-12-06T12:01:00.000Z'));
    expect(nextTry('https://hooks.example.com/6')).toBe(formatWhen('2026-12-06T12:01:00.000Z'));
    // Left to another node, it says what it waits for rather than being sent (M32).
    const row6 = view.getAllByRole('row').find((candidate) => candidate.textContent!.includes('https://hooks.example.com/6'))!;
    expect(row6.querySelectorAll('td')[5]!.textContent).toBe('Waiting for a server that holds the key the webhook secret was sealed with.');
  });

  it('[M11] an attempt that sent nothing reads "not sent", one no receiver answered "no answer"', async () => {
    const view = render(() => <WebhookSettings />);
    await view.findByText('https://hooks.example.com/5');
    const row = view.getAllByRole('row').find((candidate) => candidate.textContent!.includes('https://hooks.example.com/5'))!;
    expect(row.querySelectorAll('td')[4]!.textContent).toBe('no answer, not sent, not sent');
  });

  it('[M29] a read of the log that failed is said in its place, and the form stays, not asking for a new secret: the History view is not taken down', async () => {
    read = () => Promise.reject(new Error('The server is unavailable; try again in a moment.'));
    const view = render(() => <WebhookSettings />);
    expect((await view.findByText('The server is unavailable; try again in a moment.')).className).toBe('alert-line');
    expect(view.getByRole('button', { name: 'Save webhooks' })).toBeTruthy();
    expect(view.queryByTestId('deliveries')).toBeNull();
    // Nor does it say no secret is set: asked for a new one, a facilitator could replace a secret
    // that still signs and break every receiver's check.
    expect(view.getByText(/cannot tell just now whether the secret set before still signs/)).toBeTruthy();
  });

  it('[M29] a secret the server cannot tell about (secretSet null) is said in words, and the deliveries are listed', async () => {
    read = () => Promise.resolve({ ...log, secretSet: null });
    const view = render(() => <WebhookSettings />);
    await view.findByText('https://hooks.example.com/5');
    expect(view.getByText(/cannot tell just now whether the secret set before still signs/)).toBeTruthy();
    // The server keeps the stored secret or says why it cannot yet.
    expect((view.getByRole('button', { name: 'Save webhooks' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
