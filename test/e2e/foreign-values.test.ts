import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendLog } from '../../shared/schema/log';
import { useServerAndBrowser } from './support/browser';
import { viewTab } from './support/agenda';
import { anaAndColleague } from './support/meeting';
import { eventually } from './support/poll';

/** The words of an entry's field when it is a shared text; else says what it is, so a string never passes for one. */
function sharedText(entry: Y.Map<unknown>, key: string): string {
  const stored = entry.get(key);
  return stored instanceof Y.Text ? stored.toString() : `not a shared text: ${String(stored)}`;
}

describe('values of another type, written by another client', () => {
  const env = useServerAndBrowser();

  it('[H1][U42] leave History listing the log’s real entries and a row showing a title that is not a shared text, editable by a click that stores it as one, rebinding when one is stored again', async () => {
    const { ids, ana, colleague } = await anaAndColleague(env);
    const pageErrors: string[] = [];
    ana.page.on('pageerror', (error) => pageErrors.push(error.message));
    const nodes = colleague.doc.getMap<Y.Map<unknown>>('nodes');

    colleague.doc.transact(() => {
      appendLog(colleague.doc, { at: '2025-11-03T10:00:00.000Z', kind: 'decision', by: 'Ana Diaz', text: 'Hire two engineers', ref: null });
      const log = colleague.doc.getArray<unknown>('log');
      log.insert(0, [null, ' ', { at: { toString: 1 }, kind: 'decision', text: 'no instant' }, { at: '2025-11-04T10:00:00.000Z', kind: { toString: 1 } }]);
      nodes.get(ids.milestone)!.set('title', 'Usage export API, typed by a script');
    });
    await viewTab(ana.page, 'History').click();
    const entries = ana.page.getByTestId('log-entry');
    await eventually(() => entries.allTextContents()).toEqual([expect.stringContaining('Hire two engineers')]);
    expect(await ana.page.getByTestId('view-failed').count()).toBe(0);

    await viewTab(ana.page, 'Objectives').click();
    await eventually(() => ana.page.getByText('Usage export API, typed by a script').count()).toBe(1);
    const title = ana.page.getByRole('textbox', { name: 'Milestone title' });
    expect(await title.count()).toBe(0);

    // Ana clicks that title to edit it: its words become a shared text her field binds to, with
    // the caret in it, and what she types reaches the colleague.
    await ana.page.getByRole('button', { name: 'Edit milestone title: Usage export API, typed by a script' }).click();
    await eventually(() => title.evaluate((field) => field === document.activeElement)).toBe(true);
    await title.press('End');
    await title.pressSequentially('!');
    await eventually(() => sharedText(nodes.get(ids.milestone)!, 'title')).toBe('Usage export API, typed by a script!');

    // A shared text stored again: the row binds to it, and typing there reaches the colleague.
    nodes.get(ids.milestone)!.set('title', new Y.Text('Usage export API v2'));
    await eventually(() => title.inputValue()).toBe('Usage export API v2');
    await title.click();
    await title.press('End');
    await title.pressSequentially('!');
    await eventually(() => String(nodes.get(ids.milestone)!.get('title'))).toBe('Usage export API v2!');
    // Another shared text of the same words in its place: the row binds to that one too.
    const replacement = new Y.Text('Usage export API v2!');
    nodes.get(ids.milestone)!.set('title', replacement);
    await title.click();
    await title.press('End');
    await title.pressSequentially('?');
    await eventually(() => replacement.toString()).toBe('Usage export API v2!?');
    expect(pageErrors).toEqual([]);
    colleague.destroy();
    await ana.context.close();
  });

  it('[U50] a node’s notes stored as a string are shown, and Edit notes makes them a shared text with the same words, the caret in it, typing reaching the colleague', async () => {
    const { ids, ana, colleague } = await anaAndColleague(env);
    const nodes = colleague.doc.getMap<Y.Map<unknown>>('nodes');
    nodes.get(ids.milestone)!.set('notes', 'Typed by an integration');
    await viewTab(ana.page, 'Objectives').click();
    await ana.page.getByRole('textbox', { name: 'Milestone title' }).click();
    const details = ana.page.getByTestId('inspector');
    await eventually(() => details.getByText('Typed by an integration').count()).toBe(1);
    await details.getByRole('button', { name: 'Edit notes' }).click();
    const notes = details.getByRole('textbox', { name: 'Notes' });
    await eventually(() => notes.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await notes.inputValue()).toBe('Typed by an integration');
    await notes.press('End');
    await notes.pressSequentially(', checked');
    await eventually(() => sharedText(nodes.get(ids.milestone)!, 'notes')).toBe('Typed by an integration, checked');
    colleague.destroy();
    await ana.context.close();
  });
});
