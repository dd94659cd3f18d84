import { createMemo, Index, Show } from 'solid-js';
import type { AgendaItemView } from '../../../shared/schema/agenda-read';
import { shownFindings } from '../../state/agenda-state';
import { useWorkspace } from '../../state/workspace-context';
import { EvidenceFigures } from './EvidenceFigures';

/**
 * Every finding on a triage item's subject, worst first (DESIGN §3 `findings`): its severity,
 * its sentence and its evidence as labelled figures. The agenda and the shared screen both
 * show it; their stylesheets size it.
 */
export function ItemFindings(props: { item: AgendaItemView }) {
  const ws = useWorkspace();
  const findings = createMemo(() => shownFindings(props.item, ws.findings()));
  return (
    <Show when={findings().length > 0}>
      <ul class="item-findings" aria-label={`Findings on ${props.item.title}`}>
        <Index each={findings()}>
          {(finding) => (
            <li data-severity={finding().severity} data-testid="finding">
              <p class="finding-line">
                <span class="sev">{finding().severity === 'red' ? 'Red' : 'Amber'}</span>{' '}
                <span class="finding-message" data-testid="finding-message">
                  {finding().message}
                </span>
              </p>
              <EvidenceFigures finding={finding()} />
            </li>
          )}
        </Index>
      </ul>
    </Show>
  );
}
