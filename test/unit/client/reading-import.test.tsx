import { cleanup, fireEvent, render } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ImportAnswer } from '../../../client/sync/record-api';

/** The server's answer to each upload, held until the test gives it. */
const sent: { csv: string; answer: (result: ImportAnswer) => void }[] = [];

vi.mock('../../../client/state/workspace-context', () => {
  const doc = new Y.Doc();
  const workspace = {
    canEdit: true,
    doc,
    now: () => new Date('2026-12-06T12:00:00Z'),
    view: () => ({ kpis: new Map() }),
    record: {
      api: {
        importCsv: (csv: string) => new Promise<ImportAnswer>((resolve) => sent.push({ csv, answer: resolve })),
      },
    },
  };
  return { useWorkspace: () => workspace };
});

const { ReadingImport } = await import('../../../client/views/kpis/ReadingImport');

/** A file the picker hands over, its text read when the test says. */
function choose(picker: HTMLInputElement, text: Promise<string>) {
  Object.defineProperty(picker, 'files', { configurable: true, value: [{ name: 'b.csv', text: () => text }] });
  fireEvent.change(picker);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('importing readings (SPEC U88)', () => {
  afterEach(() => {
    cleanup();
    sent.length = 0;
  });

  function setup() {
    const view = render(() => <ReadingImport />);
    const picker = view.getByLabelText('CSV file of readings') as HTMLInputElement;
    const text = view.getByLabelText('CSV readings') as HTMLTextAreaElement;
    const form = view.getByRole('form', { name: 'Import readings' }) as HTMLFormElement;
    return { view, picker, text, form };
  }

  it('[U88] the picker and the text take nothing while an upload is under way', async () => {
    const { picker, text, form } = setup();
    fireEvent.input(text, { target: { value: 'Count,2026-12-01,7' } });
    fireEvent.submit(form);
    expect(sent.map((upload) => upload.csv)).toEqual(['Count,2026-12-01,7']);
    expect(picker.disabled).toBe(true);
    expect(text.disabled).toBe(true);
    sent[0]!.answer({ imported: 1, refused: [], mode: 'triage' });
    await flush();
    expect(picker.disabled).toBe(false);
    expect(text.disabled).toBe(false);
    expect(text.value).toBe('');
  });

  it('[U88] a file chosen before the upload whose text is read after it is kept, not cleared by the first file’s answer', async () => {
    const { view, picker, text, form } = setup();
    fireEvent.input(text, { target: { value: 'Count,2026-12-01,7' } });
    let readB!: (text: string) => void;
    choose(picker, new Promise<string>((resolve) => (readB = resolve)));
    fireEvent.submit(form);
    readB('Count,2026-12-02,8');
    await flush();
    expect(text.value).toBe('Count,2026-12-02,8');
    sent[0]!.answer({ imported: 1, refused: [], mode: 'triage' });
    await flush();
    expect(view.getByTestId('imported').textContent).toBe('Imported 1 reading.');
    // B is still there to send, and the picker still names it.
    expect(text.value).toBe('Count,2026-12-02,8');
    expect(picker.files).toHaveLength(1);
    fireEvent.submit(form);
    expect(sent.map((upload) => upload.csv)).toEqual(['Count,2026-12-01,7', 'Count,2026-12-02,8']);
  });
});
