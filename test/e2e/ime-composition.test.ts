import type { CDPSession, Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAgendaItem } from '../../shared/schema/agenda-accessors';
import { writeDependencyState } from '../../shared/schema/dependency-accessors';
import { agendaMap, depsMap } from '../../shared/schema/root-types';
import { unwrap } from '../../shared/schema/op-result';
import { connectSynced } from '../integration/support/clients';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { newParticipant, openSignedIn, signedIn } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';
import { day } from './support/seed';

/**
 * What an input method shows as each key is typed (romaji becoming kana), sent as Chromium gets
 * it from a real one: each step replaces the composition so far, with the caret at its end.
 */
async function composing(cdp: CDPSession, steps: string[]): Promise<void> {
  for (const text of steps) await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
}

/** The word the person picks, committed in place of the composition. */
async function commit(cdp: CDPSession, word: string): Promise<void> {
  await cdp.send('Input.insertText', { text: word });
}

/**
 * A key the input method takes while composing, as the page then gets it: a keydown composing,
 * keyCode 229 ("processed by the input method"), the key's own name kept as Chromium keeps it on
 * a Mac (elsewhere it may read "Process", which no shortcut answers anyway).
 */
async function keyToInputMethod(cdp: CDPSession, key: 'ArrowDown' | 'Enter' | 'Escape'): Promise<void> {
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key, code: key, windowsVirtualKeyCode: 229 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code: key, windowsVirtualKeyCode: 229 });
}

/** The field's value with a `|` where its caret stands (a collapsed selection) or `[`…`]` around its selection. */
function withCaret(field: Locator): Promise<string> {
  return field.evaluate((element: HTMLInputElement | HTMLTextAreaElement) => {
    const { value, selectionStart: start, selectionEnd: end } = element;
    if (start === null || end === null) return value;
    return start === end ? `${value.slice(0, start)}|${value.slice(start)}` : `${value.slice(0, start)}[${value.slice(start, end)}]${value.slice(end)}`;
  });
}

/** The seeded dependency, as its card names it. */
const DEP = 'Usage export API → Onboarding revamp';

describe('typing through an input method in a shared text', () => {
  const env = useServerAndBrowser();

  it('[U93] a word composed in a node title reaches a colleague once and whole; their edit and presence arriving mid-word cut nothing, the caret stays with the word, and Ctrl+Z takes the word back as one step', async () => {
    const { workspace, ids } = await seededReview(env);
    const ana = await newParticipant(env.browser, 'Ana Diaz');
    // Her page's clock is the test's, so she can take a second over the word without the test
    // waiting one out (a pause past the field's typing group, 500 ms, splits undo steps).
    await ana.page.clock.install();
    await openSignedIn(ana, workspace.links.editor!, 'Ana Diaz');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    const title = colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.keyResult)!.get('title') as Y.Text;
    // Every state of the title the colleague's copy holds from here on.
    const seen: string[] = [];
    title.observe(() => seen.push(title.toString()));

    const field = ana.page.getByRole('textbox', { name: 'Key result title' });
    await field.click();
    await field.press('End');
    const cdp = await ana.context.newCDPSession(ana.page);
    await composing(cdp, ['n', 'に', 'にh', 'にほ']);
    // Ben, on his own laptop, puts "Q4 " before the title and shows as editing the row.
    title.insert(0, 'Q4 ');
    colleague.provider.awareness.setLocalState({ user: { id: 'ben', name: 'Ben Okafor', color: '#0e7490', role: 'editor' }, view: 'tree', selection: ids.keyResult, editing: ids.keyResult });
    await eventually(() => ana.page.getByRole('complementary', { name: /^Details of Q4 Retention at 110 %/ }).count()).toBe(1);
    const row = ana.page.getByRole('treeitem').filter({ has: field });
    await eventually(() => row.getByRole('img', { name: 'Ben Okafor is editing this' }).count()).toBe(1);
    // Her field still holds her composition, untouched: Ben's words wait for her word.
    expect(await withCaret(field)).toBe('Retention at 110 %にほ|');
    await composing(cdp, ['にほn', 'にほん']);
    await ana.page.clock.fastForward(1000);
    await commit(cdp, '日本');

    expect(await withCaret(field)).toBe('Q4 Retention at 110 %日本|');
    await eventually(() => title.toString()).toBe('Q4 Retention at 110 %日本');
    expect(seen).toEqual(['Q4 Retention at 110 %', 'Q4 Retention at 110 %日本']);

    await field.press('Control+z');
    expect(await withCaret(field)).toBe('Q4 Retention at 110 %|');
    await eventually(() => title.toString()).toBe('Q4 Retention at 110 %');
    colleague.destroy();
    await ana.context.close();
  });

  it('[U93] a dead key’s accent and a word in a dependency’s note and Korean syllables in a decision are written whole, with a colleague’s edit or their moving the card arriving mid-composition', async () => {
    let item = '';
    const { workspace, ids } = await seededReview(env, (doc) => {
      item = unwrap(createAgendaItem(doc, { title: 'Pricing review' }));
    });
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    const cdp = await ana.context.newCDPSession(ana.page);

    // The note: "Caf", then Option+E and E on a Mac, "´" composed, then "é". The colleague's note
    // edit comes in one change with a new owner, which shows that it has reached Ana's page.
    await viewTab(ana.page, 'Dependencies').click();
    const card = ana.page.getByTestId('dep-card');
    const note = card.getByLabel(`Note on ${DEP}`);
    await note.click();
    await note.pressSequentially('Caf');
    await eventually(() => String(depsMap(colleague.doc).get(ids.dependency)!.get('note'))).toBe('Caf');
    await composing(cdp, ['´']);
    colleague.doc.transact(() => {
      const dependency = depsMap(colleague.doc).get(ids.dependency)!;
      (dependency.get('note') as Y.Text).insert(0, 'EU: ');
      dependency.set('owner', 'Kim Lee');
    });
    await eventually(() => card.getByLabel(`Owner of ${DEP}`).inputValue()).toBe('Kim Lee');
    await commit(cdp, 'é');
    expect(await withCaret(note)).toBe('EU: Café|');
    await eventually(() => String(depsMap(colleague.doc).get(ids.dependency)!.get('note'))).toBe('EU: Café');
    // The colleague commits the dependency while Ana composes her next word: its card is made
    // anew in the Committed column with her caret in its note (U69), and the word goes on there.
    await note.press('Space');
    await composing(cdp, ['か', 'かく', 'かくに']);
    writeDependencyState(colleague.doc, ids.dependency, 'committed', day(25));
    await eventually(() => card.locator('xpath=..').getAttribute('aria-label')).toBe('Platform, Committed');
    await composing(cdp, ['かくにn', 'かくにん', '確認']);
    await commit(cdp, '確認');
    expect(await withCaret(note)).toBe('EU: Café 確認|');
    await eventually(() => String(depsMap(colleague.doc).get(ids.dependency)!.get('note'))).toBe('EU: Café 確認');

    // The decision: 한 (ㅎ, 하, 한) is committed as ㄱ starts 글; the colleague adds to the
    // decision and names an owner while 글 is composed.
    await viewTab(ana.page, 'Agenda').click();
    const topic = ana.page.getByRole('article', { name: 'Pricing review' });
    const decision = topic.getByTestId('decision');
    await decision.click();
    await composing(cdp, ['ㅎ', '하', '한']);
    await commit(cdp, '한');
    await composing(cdp, ['ㄱ', '그']);
    colleague.doc.transact(() => {
      const entry = agendaMap(colleague.doc).get(item)!;
      (entry.get('decision') as Y.Text).insert(0, 'Hold. ');
      entry.set('owner', 'Kim Lee');
    });
    await eventually(() => topic.getByLabel('Owner of Pricing review').inputValue()).toBe('Kim Lee');
    await composing(cdp, ['글']);
    await commit(cdp, '글');
    expect(await withCaret(decision)).toBe('Hold. 한글|');
    await eventually(() => String(agendaMap(colleague.doc).get(item)!.get('decision'))).toBe('Hold. 한글');
    colleague.destroy();
    await ana.context.close();
  });

  it('[U93] the keys an input method takes in a node title (↓ to pick a candidate, Enter to choose it, Escape to drop it) neither move to another row nor add one; a word dropped while a colleague edited leaves the caret where it was', async () => {
    const { workspace, ids } = await seededReview(env);
    const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    const rows = ana.page.getByRole('treeitem');
    const before = await rows.count();
    const field = ana.page.getByRole('textbox', { name: 'Key result title' });
    await field.click();
    await field.press('End');
    const cdp = await ana.context.newCDPSession(ana.page);
    await composing(cdp, ['n', 'に', 'にほ', 'にほん']);
    // Converted, the input method lists 二本, 日本, …; ↓ moves to the second, Enter chooses it.
    await composing(cdp, ['二本']);
    await keyToInputMethod(cdp, 'ArrowDown');
    await composing(cdp, ['日本']);
    await keyToInputMethod(cdp, 'Enter');
    await commit(cdp, '日本');
    expect(await rows.count()).toBe(before);
    expect(await withCaret(field)).toBe('Retention at 110 %日本|');

    // After "Retention" she starts another word, and drops it while the colleague adds to the title.
    await field.evaluate((element: HTMLInputElement) => element.setSelectionRange(9, 9));
    await composing(cdp, ['k', 'か']);
    (colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.keyResult)!.get('title') as Y.Text).insert(0, 'Q4 ');
    await eventually(() => ana.page.getByRole('complementary', { name: /^Details of Q4 Retention/ }).count()).toBe(1);
    await keyToInputMethod(cdp, 'Escape');
    // An empty composition: the input method drops the word.
    await composing(cdp, ['']);
    expect(await withCaret(field)).toBe('Q4 Retention| at 110 %日本');
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    colleague.destroy();
    await ana.context.close();
  });
});
