import { createComputed, createMemo, createSignal, on, untrack, type Accessor } from 'solid-js';
import { planImport, type ImportChoices, type ImportKpi, type ImportPlan } from '../../shared/history/reading-import';
import type { DateOrder, DecimalMark } from '../../shared/history/spreadsheet-values';

export interface ImportPreview {
  /** The file as the server will read it with `choices`; null while there is no text or the form is closed. */
  plan: Accessor<ImportPlan | null>;
  /** The person's answers to what the file leaves open, sent with it so the server reads it as shown (M24, M25). */
  choices: Accessor<ImportChoices>;
  chooseDates(order: DateOrder): void;
  chooseDecimal(mark: DecimalMark): void;
}

const NO_KPIS: ImportKpi[] = [];

/**
 * The import as the server will make it, worked out in the browser by the same shared/ planner
 * (SPEC M24, M25): what the file's values leave open is the person's to answer, never a default's
 * (until they do, the plan's `problem` holds the upload back), and the answers are the text's:
 * new text starts unanswered. A file may be a megabyte, so it is planned once per change of its text, the answers or
 * the KPIs it names, and only while `active` (the form open): not on every remote change that
 * leaves the KPIs as they were, nor on the clock's tick.
 *
 * @example
 *   const preview = createImportPreview(text, () => importKpis(ws.view().kpis.values(), ws.doc, ws.now()), ws.now, open);
 *   preview.plan()?.accepted
 */
export function createImportPreview(text: Accessor<string>, kpis: Accessor<ImportKpi[]>, now: Accessor<Date>, active: Accessor<boolean>): ImportPreview {
  const [dates, setDates] = createSignal<DateOrder | null>(null);
  const [decimal, setDecimal] = createSignal<DecimalMark | null>(null);
  createComputed(
    on(text, () => {
      setDates(null);
      setDecimal(null);
    }, { defer: true }),
  );
  const planning = createMemo(() => active() && text().trim() !== '');
  const named = createMemo(() => (planning() ? kpis() : NO_KPIS), NO_KPIS, { equals: sameKpis });
  const answers = createMemo<ImportChoices>(() => {
    const [order, mark] = [dates(), decimal()];
    return { ...(order ? { dates: order } : {}), ...(mark ? { decimal: mark } : {}) };
  });
  const plan = createMemo(() => {
    if (!planning()) return null;
    // The clock only moves the "no future dates" line by a minute: not worth planning a megabyte again.
    return planImport(text(), named(), untrack(now), answers());
  });
  // The planner ignores an answer where the values decide; the server is sent only those it reads.
  const choices = createMemo<ImportChoices>(() => {
    const reading = plan()?.reading;
    const { dates: order, decimal: mark } = answers();
    return { ...(reading?.datesOpen && order ? { dates: order } : {}), ...(reading?.decimalOpen && mark ? { decimal: mark } : {}) };
  });
  return { plan, choices, chooseDates: setDates, chooseDecimal: setDecimal };
}

/** The same KPIs with the same stored instants: a remote change elsewhere in the workspace changes nothing the plan reads. */
function sameKpis(before: readonly ImportKpi[], after: readonly ImportKpi[]): boolean {
  return (
    before.length === after.length &&
    before.every((kpi, index) => {
      const other = after[index]!;
      return kpi.id === other.id && kpi.name === other.name && kpi.unit === other.unit && sameInstants(kpi.storedAt, other.storedAt);
    })
  );
}

function sameInstants(before: ReadonlySet<number> | null, after: ReadonlySet<number> | null): boolean {
  if (before === null || after === null) return before === after;
  return before.size === after.size && [...before].every((at) => after.has(at));
}
