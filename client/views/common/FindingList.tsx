import { For, Show } from 'solid-js';
import type { Finding } from '../../../shared/rules/finding';

/** The rules' findings on one subject, worst first, each with its one-sentence message. */
export function FindingList(props: { findings: readonly Finding[] }) {
  return (
    <Show when={props.findings.length > 0}>
      <ul class="findings" aria-label="Findings">
        <For each={props.findings}>
          {(finding) => (
            <li data-severity={finding.severity}>
              <span class="sev">{finding.severity === 'red' ? 'Red' : 'Amber'}</span> {finding.message}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
