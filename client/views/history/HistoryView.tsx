import { createSignal, onMount, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { ChangesPanel } from './ChangesPanel';
import { DecisionLog } from './DecisionLog';
import { ExportLinks } from './ExportLinks';
import { SnapshotList } from './SnapshotList';
import { WebhookSettings } from './WebhookSettings';
import './history.css';

/**
 * The record the reviews leave (DESIGN §7 History, SPEC M13): what changed since the last review,
 * the snapshots, and the decision and pivot log; exports in the header, and the facilitator's
 * webhook settings behind a button.
 */
export function HistoryView() {
  const ws = useWorkspace();
  const [settings, setSettings] = createSignal(false);
  onMount(() => void ws.record.refresh());
  return (
    <div class="history-view">
      <div class="panel-head">
        <h2 tabindex="-1">History</h2>
        <ExportLinks />
        <Show when={ws.isFacilitator}>
          <button type="button" aria-expanded={settings()} onClick={() => setSettings(!settings())}>
            Webhooks
          </button>
        </Show>
      </div>
      <Show when={ws.isFacilitator && settings()}>
        <WebhookSettings />
      </Show>
      <ChangesPanel />
      <div class="history-columns">
        <SnapshotList />
        <DecisionLog />
      </div>
    </div>
  );
}
