import { createMemo, createSignal, For, Show } from 'solid-js';
import type { Finding } from '../../../shared/rules/finding';
import { RULES } from '../../../shared/rules/index';
import { previewRuleSetting, ruleSettingsOf, writeRuleSetting, type RulePreview } from '../../../shared/rules/rule-settings';
import { useWorkspace } from '../../state/workspace-context';
import { draftOf, draftPatch, type RuleDraft } from './rule-draft';

/**
 * The facilitator's rule settings for the workspace (SPEC C18): every built-in rule with its
 * switch and parameters (the default as the placeholder), and before saving a live preview of
 * the findings the change would make appear, disappear or change severity, computed by the same
 * rule modules as the server (`previewRuleSetting`); Save writes it (`writeRuleSetting`).
 */
export function RuleSettingsPanel(props: { onClose: () => void }) {
  const ws = useWorkspace();
  // Rows keyed by rule id (SPEC U30): every re-read hands out new setting objects, and a row
  // made anew would drop the draft and preview its facilitator is in the middle of. The rules
  // are the built-in ones, always all listed in the same order (`ruleSettingsOf`).
  const ruleIds = RULES.map((rule) => rule.id);
  return (
    <section class="rule-settings" aria-label="Rule settings" data-testid="rule-settings">
      <div class="panel-head">
        <h3>Rules</h3>
        <p class="muted">For everyone in this workspace. Each change shows what it would do before you save it.</p>
        <button type="button" class="push-right" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <ul>
        <For each={ruleIds}>{(id) => <RuleRow id={id} />}</For>
      </ul>
    </section>
  );
}

function RuleRow(props: { id: string }) {
  const ws = useWorkspace();
  const stored = createMemo(() => ruleSettingsOf(ws.view()).find((entry) => entry.rule.id === props.id)!);
  // The rule itself is a constant of shared/rules; only its stored setting changes.
  const rule = stored().rule;
  // Null until the facilitator touches this rule: until then it shows what is stored, a
  // colleague's save included, and offers nothing to save.
  const [edited, setDraft] = createSignal<RuleDraft | null>(null);
  const draft = () => edited() ?? draftOf(stored(), rule.defaults);
  const patch = createMemo(() => draftPatch(draft(), stored(), rule.defaults));
  const preview = createMemo(() => {
    const change = patch();
    return change === null ? null : previewRuleSetting(ws.view(), rule.id, change, ws.now());
  });
  const changes = (): RulePreview | null => {
    const result = preview();
    return result?.ok ? result.value : null;
  };
  const refusal = (): string | null => {
    const result = preview();
    return result && !result.ok ? result.error.message : null;
  };
  const keys = Object.keys(rule.defaults);
  // Save and Discard are offered only while a draft differs from what is stored, and go with it:
  // the keyboard's place goes back to the rule's switch, the start of its row, not the page's.
  // Only a place they had (on the button, or dropped as it went): Enter in a parameter field saves
  // too, and its caret stays where the person is typing.
  let ruleSwitch: HTMLInputElement | undefined;
  let draftButtons: HTMLDivElement | undefined;
  const leaveDraft = () => {
    const at = document.activeElement;
    const onButton = at === null || at === document.body || (draftButtons?.contains(at) ?? false);
    setDraft(null);
    if (onButton) ruleSwitch?.focus();
  };
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    const change = patch();
    if (change === null) return;
    const result = writeRuleSetting(ws.doc, rule.id, change, ws.identity.name);
    if (result.ok) {
      // Re-read now, so the row shows the stored setting it just wrote, not the one before.
      ws.flush();
      leaveDraft();
    } else ws.apply(result);
  };
  return (
    <li data-testid="rule-setting" data-rule={rule.id}>
      <form onSubmit={save} aria-label={`Rule: ${rule.title}`}>
        <label class="rule-switch">
          <input
            type="checkbox"
            ref={ruleSwitch}
            checked={draft().enabled}
            aria-label={`${rule.title} is on`}
            onChange={(e) => setDraft({ ...draft(), enabled: e.currentTarget.checked })}
          />
          <strong>{rule.title}</strong> <span class="muted">({rule.id})</span>
        </label>
        <For each={keys}>
          {(key) => (
            <label class="field rule-param">
              <span>
                {rule.labels[key]} <span class="muted">(default {rule.defaults[key]})</span>
              </span>
              {/* Text, not a number field: a number field reports "0." half-typed as empty, and the
                  draft written back emptied the field under the typing ("0.6" came out as "60").
                  What is not a number in range is refused in words below. */}
              <input
                type="text"
                inputMode="decimal"
                aria-label={`${rule.title}: ${rule.labels[key]}`}
                placeholder={String(rule.defaults[key])}
                value={draft().params[key] ?? ''}
                onInput={(e) => setDraft({ ...draft(), params: { ...draft().params, [key]: e.currentTarget.value } })}
              />
            </label>
          )}
        </For>
        <Show when={refusal()}>
          {(message) => (
            <p class="alert-line" role="alert">
              {message()}
            </p>
          )}
        </Show>
        <Show when={changes()}>
          {(value) => (
            <div class="rule-preview" role="status" data-testid="rule-preview">
              <Show when={value().appear.length + value().disappear.length + value().change.length === 0}>
                <p class="muted">No finding would change.</p>
              </Show>
              <PreviewList title="Would appear" testid="preview-appear" findings={value().appear} />
              <PreviewList title="Would disappear" testid="preview-disappear" findings={value().disappear} />
              <PreviewList title="Would change severity" testid="preview-change" findings={value().change} />
            </div>
          )}
        </Show>
        <Show when={patch() !== null}>
          <div class="actions-row" ref={draftButtons}>
            <button type="submit" class="primary" disabled={preview()?.ok === false}>
              Save rule
            </button>
            <button type="button" onClick={leaveDraft}>
              Discard
            </button>
          </div>
        </Show>
      </form>
    </li>
  );
}

function PreviewList(props: { title: string; testid: string; findings: readonly Finding[] }) {
  return (
    <Show when={props.findings.length > 0}>
      <p class="preview-title">
        {props.title} ({props.findings.length})
      </p>
      <ul data-testid={props.testid}>
        <For each={props.findings}>
          {(finding) => (
            <li data-severity={finding.severity}>
              {finding.message}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
