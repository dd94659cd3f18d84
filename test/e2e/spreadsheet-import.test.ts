import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { signedIn } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

describe('readings from a European spreadsheet, in the browser', () => {
  const env = useServerAndBrowser();

  it('[M24][M25][M16][U88] a semicolon file with decimal commas and dates that read either way is previewed, the order chosen, and its readings appear', async () => {
    // Ben alone: nobody else's screen is looked at.
    const { workspace } = await seededReview(env);
    const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
    await viewTab(ben.page, 'KPIs').click();
    await ben.page.getByText('Import readings from CSV').click();
    // As a German spreadsheet saves it: semicolons, decimal commas, the KPI's unit, day first.
    const file = 'kpi;at;value;source\r\nNet revenue retention;05/03/2026;108,5 %;finance\r\nNet revenue retention;06/04/2026;109,25%;finance\r\n';
    await ben.page.getByLabel('CSV file of readings').setInputFiles({ name: 'readings.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    const preview = ben.page.getByTestId('import-preview');
    await eventually(() => preview.getByTestId('import-reading').textContent()).toBe(
      'Semicolon-separated; numbers with a decimal comma (line 2 writes "108,5 %").',
    );
    // Every date reads either way: the preview asks rather than guesses, shows what each answer
    // means, and holds the upload back until it is answered.
    expect(await preview.getByTestId('import-question').textContent()).toBe('Choose the order of its dates above: the file can only be read, and uploaded, once you have.');
    expect(await preview.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await ben.page.getByRole('button', { name: 'Upload readings' }).isDisabled()).toBe(true);
    expect(await preview.getByText('(3 May 2026)').count()).toBe(1);
    await preview.getByRole('radio', { name: /^day\/month/ }).check();
    await eventually(() => preview.getByTestId('preview-reading').allTextContents()).toEqual([
      'Net revenue retention5 Mar 2026108.5%',
      'Net revenue retention6 Apr 2026109.25%',
    ]);
    await saveScreenshot(ben.page, 'kpi-import-preview');
    await ben.page.getByRole('button', { name: 'Upload readings' }).click();
    await eventually(() => ben.page.getByTestId('imported').textContent()).toBe('Imported 2 readings.');
    expect(await ben.page.getByTestId('refused-row').count()).toBe(0);

    // [U88] The picker no longer names the file sent, and the same file chosen again is read again.
    const picker = ben.page.getByLabel('CSV file of readings');
    expect(await picker.evaluate((input: HTMLInputElement) => ({ files: input.files?.length, value: input.value }))).toEqual({ files: 0, value: '' });
    await picker.setInputFiles({ name: 'readings.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await eventually(() => ben.page.getByLabel('CSV readings').inputValue()).toBe(file.replaceAll('\r\n', '\n'));

    const list = ben.page.getByTestId('reading-list');
    await list.locator('summary').click();
    const rows = list.getByTestId('reading-row');
    await eventually(() => rows.filter({ hasText: /^5 Mar 2026 108\.5 % finance/ }).count()).toBe(1);
    expect(await rows.filter({ hasText: /^6 Apr 2026 109\.25 % finance/ }).count()).toBe(1);
    await ben.context.close();
  });
});
