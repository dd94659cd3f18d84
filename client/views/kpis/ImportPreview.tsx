import { For, Show } from 'solid-js';
import type { FileReading, ImportChoices, ImportPlan } from '../../../shared/history/reading-import';
import { hingeValue, readDate, type DateOrder } from '../../../shared/history/spreadsheet-values';
import { dayInWords, formatQuantity } from '../../../shared/rules/format';
import type { ImportPreview as Preview } from '../../state/import-preview';

/** How many of the readings to import the preview lists: enough to check the file was read right. */
const SHOWN = 5;
const SEPARATOR: Record<FileReading['separator'], string> = { ',': 'comma-separated', ';': 'semicolon-separated', '\t': 'tab-separated' };
const ORDER_LABEL: Record<DateOrder, string> = { dmy: 'day/month', mdy: 'month/day' };

/**
 * What an import will do before it is sent (SPEC M24, M25): how the file is read (its separator,
 * decimal mark and date order, and what decided each), the question a file leaves open
 * ("Dates are day/month | month/day", "Numbers use a decimal point | comma"; nothing chosen until
 * the person chooses, and a sentence saying the upload waits for it), the first readings
 * as they will land, and each line that will be refused and why. A value whose reading hinges on
 * the mark is shown as the number it becomes without grouping ("1250", "1.25"): "1,250 = 1,250"
 * would answer nothing.
 */
export function ImportPreview(props: { preview: Preview; kpis: ReadonlyMap<string, { name: string; unit: string }> }) {
  const plan = () => props.preview.plan();
  return (
    <Show when={plan()}>
      {(shown) => (
        <section class="import-preview" aria-label="Import preview" data-testid="import-preview">
          <p data-testid="import-reading">{readingSentence(shown().reading)}</p>
          <Show when={shown().reading.datesOpen}>
            {(open) => (
              <fieldset class="import-choice">
                <legend>Dates are</legend>
                <For each={['dmy', 'mdy'] as const}>
                  {(order) => (
                    <label>
                      <input type="radio" name="import-date-order" checked={props.preview.choices().dates === order} onChange={() => props.preview.chooseDates(order)} />
                      {ORDER_LABEL[order]} <span class="muted">({exampleDay(open().text, order)})</span>
                    </label>
                  )}
                </For>
              </fieldset>
            )}
          </Show>
          <Show when={shown().reading.decimalOpen}>
            <fieldset class="import-choice">
              <legend>Numbers use a</legend>
              <For each={['point', 'comma'] as const}>
                {(mark) => (
                  <label>
                    <input type="radio" name="import-decimal-mark" checked={props.preview.choices().decimal === mark} onChange={() => props.preview.chooseDecimal(mark)} />
                    decimal {mark} <Show when={shown().reading.decimalHinge}>{(hinge) => <span class="muted">({hinge().text} = {String(hingeValue(hinge().text, mark))})</span>}</Show>
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
          <Show when={shown().problem}>
            <p class="alert-line" data-testid="import-question">
              {question(shown().reading, props.preview.choices())}
            </p>
          </Show>
          <Show when={!shown().problem}>
            <p data-testid="import-summary">{summary(shown())}</p>
            <Show when={shown().accepted.size > 0}>
              <table class="import-sample">
                <thead>
                  <tr>
                    <th scope="col">KPI</th>
                    <th scope="col">Date</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={sample(shown(), props.kpis)}>
                    {(row) => (
                      <tr data-testid="preview-reading">
                        <td>{row.name}</td>
                        <td>{dayInWords(row.at)}</td>
                        <td>{formatQuantity(row.value, row.unit)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <Show when={shown().refused.length > 0}>
              <ul class="import-refusals">
                <For each={shown().refused}>{(row) => <li data-testid="preview-refused">Line {row.line}: {row.reason}</li>}</For>
              </ul>
            </Show>
          </Show>
        </section>
      )}
    </Show>
  );
}

/**
 * "Semicolon-separated; numbers with a decimal comma (line 2 writes "9,5"); dates day/month (line
 * 2 writes "25/11/2026")." What the file leaves open is left to its question, under this sentence.
 */
function readingSentence(reading: FileReading): string {
  const separator = SEPARATOR[reading.separator];
  const parts = [`${separator[0]!.toUpperCase()}${separator.slice(1)}`];
  if (!reading.decimalOpen) {
    const by = reading.decimalBy;
    const why = by.by === 'values' ? ` (line ${by.cell.line} writes "${by.cell.text}")` : by.by === 'separator' ? ' (as semicolon-separated files write them)' : '';
    const hinge = reading.decimalHinge ? `, so "${reading.decimalHinge.text}" is read as ${hingeValue(reading.decimalHinge.text, reading.decimal)}` : '';
    parts.push(`numbers with a decimal ${reading.decimal}${why}${hinge}`);
  }
  if (reading.dates && reading.datesBy?.by === 'values') {
    parts.push(`dates ${ORDER_LABEL[reading.dates]} (line ${reading.datesBy.cell.line} writes "${reading.datesBy.cell.text}")`);
  }
  return `${parts.join('; ')}.`;
}

/** What the person has still to choose; the plan's own `problem` is worded for a caller of the API (dates=dmy). */
function question(reading: FileReading, choices: ImportChoices): string {
  const open = [reading.datesOpen && !choices.dates ? 'the order of its dates' : null, reading.decimalOpen && !choices.decimal ? 'its decimal mark' : null];
  return `Choose ${open.filter((part) => part !== null).join(' and ')} above: the file can only be read, and uploaded, once you have.`;
}

function summary(plan: ImportPlan): string {
  const count = [...plan.accepted.values()].reduce((sum, readings) => sum + readings.length, 0);
  const refused = plan.refused.length;
  return `${count} reading${count === 1 ? '' : 's'} to import${refused > 0 ? `; ${refused} line${refused === 1 ? '' : 's'} will be refused` : ''}.`;
}

function sample(plan: ImportPlan, kpis: ReadonlyMap<string, { name: string; unit: string }>) {
  return [...plan.accepted]
    .flatMap(([id, readings]) => readings.map((reading) => ({ ...reading, name: kpis.get(id)?.name ?? id, unit: kpis.get(id)?.unit ?? '' })))
    .slice(0, SHOWN);
}

/** The open date as each order reads it: "5 Nov 2025" and "11 May 2025". */
function exampleDay(text: string, order: DateOrder): string {
  const read = readDate(text, order);
  return read?.ok ? dayInWords(read.day) : text;
}

