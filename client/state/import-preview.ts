import { createMemo, createSignal, type Accessor } from 'solid-js';
import { planImport, type ImportChoices, type ImportKpi, type ImportPlan } from '../../shared/history/reading-import';
import type { DateOrder, DecimalMark } from '../../shared/history/spreadsheet-values';

export interface ImportPreview {
  /** The file as the server will read it with `choices`; null while there is no text. */
  plan: Accessor<ImportPlan | null>;
  /** The answers to what the file leaves open, sent with it so the server reads it as shown (M24, M25). */
  choices: Accessor<ImportChoices>;
  chooseDates(order: DateOrder): void;
  chooseDecimal(mark: DecimalMark): void;
}

/**
 * The import as the server will make it, worked out in the browser by the same shared/ planner
 * (SPEC M24, M25): what the file's values leave open is answered by the person's choice, else by
 * the browser's own date order and the file's usual decimal mark, and shown before anything is
 * sent.
 *
 * @example
 *   const preview = createImportPreview(text, () => importKpis(ws.view().kpis.values(), ws.doc, ws.now()), ws.now);
 *   preview.plan()?.accepted
 */
export function createImportPreview(text: Accessor<string>, kpis: Accessor<ImportKpi[]>, now: Accessor<Date>): ImportPreview {
  const [dates, setDates] = createSignal<DateOrder | null>(null);
  const [decimal, setDecimal] = createSignal<DecimalMark | null>(null);
  // Read once without answers: what the file's values decide, and what they leave open.
  const unanswered = createMemo(() => (text().trim() === '' ? null : planImport(text(), kpis(), now())));
  const choices = createMemo<ImportChoices>(() => {
    const reading = unanswered()?.reading;
    if (!reading) return {};
    return {
      ...(reading.datesOpen ? { dates: dates() ?? localeDateOrder() } : {}),
      ...(reading.decimalOpen ? { decimal: decimal() ?? reading.decimal } : {}),
    };
  });
  const plan = createMemo(() => {
    const first = unanswered();
    const answers = choices();
    return first && (answers.dates || answers.decimal) ? planImport(text(), kpis(), now(), answers) : first;
  });
  return { plan, choices, chooseDates: setDates, chooseDecimal: setDecimal };
}

/** Whether this browser's language writes the day before the month (5/12/2026 for 5 December): the order an open question starts from. */
function localeDateOrder(): DateOrder {
  const parts = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(Date.UTC(2026, 11, 5)));
  const at = (type: Intl.DateTimeFormatPartTypes) => parts.findIndex((part) => part.type === type);
  return at('day') < at('month') ? 'dmy' : 'mdy';
}
