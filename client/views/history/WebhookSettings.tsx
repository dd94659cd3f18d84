import { createResource, createSignal, For, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { formatWhen } from '../common/format-when';
import { TableScroll } from '../common/TableScroll';

/** An attempt's status code as the log reads it (M11): an attempt that sent nothing got no answer either, but was never asked one. */
const codeWords = (code: number | null) => (code === null ? 'not sent' : code === 0 ? 'no answer' : String(code));

/**
 * The facilitator's outgoing webhooks (SPEC M9–M11): the URLs (one a line) and the secret the
 * deliveries are signed with, and the delivery log, read again on demand. The secret is never
 * read back from the server (it is sealed there): a save with the field left empty keeps the one
 * set before (M29), so changing a URL or turning webhooks off needs no new one.
 */
export function WebhookSettings() {
  const ws = useWorkspace();
  const [log, { refetch, mutate }] = createResource(() => ws.record.api.webhooks());
  // `latest` throws once a read failed, which would take the whole History view down with it
  // (ViewBoundary): the form stays, and the log's place says what failed.
  const latest = () => (log.state === 'errored' ? undefined : log.latest);
  const [urls, setUrls] = createSignal<string | null>(null);
  const [secret, setSecret] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const shownUrls = () => urls() ?? (latest()?.urls ?? []).join('\n');
  const listed = () =>
    shownUrls()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  // Null: the server cannot tell now whether the stored secret signs (M29), or the read failed and
  // this screen cannot either; a save without one is let through, for the server to keep it or say
  // why it cannot yet. Asking for a new secret then could replace one that still signs, and break
  // every receiver's check.
  const secretSet = () => (log.state === 'errored' ? null : latest() === undefined ? false : latest()!.secretSet);
  // An empty field keeps the stored secret; with none stored, only turning webhooks off needs none.
  const canSave = () => (secret() === '' ? secretSet() !== false || listed().length === 0 : secret().length >= 16);
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    void send(listed(), secret() === '' ? null : secret());
  };
  // Turning off signs nothing: a secret half typed in the field is not sent, and not refused.
  const turnOff = () => void send([], null);
  const send = async (list: string[], newSecret: string | null) => {
    const wasOn = (latest()?.urls.length ?? 0) > 0;
    try {
      const saved = await ws.record.api.configureWebhooks(list, newSecret);
      setError(null);
      setSecret('');
      setUrls(null);
      // A save of URLs without a secret was let through only where the stored one signs (M29).
      const signs = newSecret !== null || list.length > 0 || secretSet();
      mutate({ urls: saved.urls, secretSet: signs, deliveries: latest()?.deliveries ?? [] });
      if (saved.urls.length > 0) ws.notices.notify(`Webhooks saved: ${saved.urls.length} URL${saved.urls.length === 1 ? '' : 's'}.`);
      else ws.notices.notify(wasOn ? 'Webhooks turned off.' : 'No webhooks are set.');
      // Turning a URL off ends its pending deliveries (M28): the log shows it at once.
      void refetch();
    } catch (refusal) {
      setError((refusal as Error).message);
    }
  };
  return (
    <section class="webhook-settings card" aria-label="Webhooks">
      <h3>Webhooks</h3>
      <p class="muted">
        Each pivot, decision and meeting end is POSTed as JSON to every URL, signed with the secret (X-Throughline-Signature: sha256=…).
      </p>
      <form class="webhook-form" onSubmit={save}>
        <label class="field">
          <span>URLs, one a line</span>
          <textarea rows={3} value={shownUrls()} onInput={(e) => setUrls(e.currentTarget.value)} placeholder="https://hooks.example.com/throughline" />
        </label>
        <label class="field">
          <span>Secret (at least 16 characters)</span>
          <input
            type="password"
            autocomplete="new-password"
            value={secret()}
            onInput={(e) => setSecret(e.currentTarget.value)}
            aria-describedby="webhook-secret-hint"
          />
        </label>
        {/* Outside the label: inside, it would be read as part of the field's name as well as its description. */}
        <p class="muted" id="webhook-secret-hint">
          {secretSet() === null
            ? 'This server cannot tell just now whether the secret set before still signs (Redis did not answer): leave it empty to keep it, or set a new one.'
            : secretSet()
              ? 'Leave it empty to keep the secret set before.'
              : 'Deliveries are signed with it; it cannot be read back once saved.'}
        </p>
        <div class="actions-row">
          <button type="submit" class="primary" disabled={!canSave()}>
            Save webhooks
          </button>
          <Show when={(latest()?.urls.length ?? 0) > 0}>
            <button type="button" onClick={turnOff}>
              Turn webhooks off
            </button>
          </Show>
          <Show when={error()}>{(message) => <span class="alert-line" role="alert">{message()}</span>}</Show>
        </div>
      </form>
      <div class="panel-head">
        <h4>Deliveries</h4>
        <button type="button" class="push-right" onClick={() => void refetch()}>
          Refresh deliveries
        </button>
      </div>
      <Show when={!log.error} fallback={<p class="alert-line">{(log.error as Error)?.message}</p>}>
        <TableScroll label="Webhook deliveries, scroll sideways on a small screen">
          <table class="delivery-log" data-testid="deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">URL</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col">Codes</th>
                <th scope="col">Last error</th>
                <th scope="col">Next try</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              <For each={latest()?.deliveries ?? []} fallback={<tr><td colSpan={8} class="muted">No deliveries yet.</td></tr>}>
                {(delivery) => (
                  <tr data-status={delivery.status}>
                    <td>{delivery.event}</td>
                    <td class="delivery-url">{delivery.url}</td>
                    <td>{delivery.status}</td>
                    <td class="num">{delivery.attempts}</td>
                    <td>{delivery.codes.map(codeWords).join(', ') || '–'}</td>
                    <td>{delivery.lastError ?? '–'}</td>
                    <td>{delivery.status !== 'pending' ? '–' : delivery.inFlight === true ? 'Sending now' : formatWhen(delivery.nextAt)}</td>
                    <td>{formatWhen(delivery.createdAt)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableScroll>
      </Show>
    </section>
  );
}
