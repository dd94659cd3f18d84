import { describe, expect, it } from 'vitest';
import { viewTab } from './support/agenda';
import { useServerAndBrowser } from './support/browser';
import { PHONE, signedIn } from './support/join';
import { seededReview } from './support/meeting';

describe('the new dependency form', () => {
  const env = useServerAndBrowser();

  it('[U119] says on the screen which date its date field asks for, on a laptop and on a phone', async () => {
    const { workspace } = await seededReview(env);
    for (const screen of [undefined, PHONE]) {
      const { page, context } = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor', screen);
      await viewTab(page, 'Dependencies').click();
      const form = page.getByRole('form', { name: 'New dependency' });
      // Its two ends say what they ask for in their first option; the date field showed only
      // "mm/dd/yyyy", its name given to screen readers alone.
      const words = form.getByText('Needed by', { exact: true });
      expect(await words.isVisible(), 'the words "Needed by" on the screen').toBe(true);
      const field = form.getByLabel('Needed by');
      expect(await field.getAttribute('type')).toBe('date');
      // Named by the words shown, so the name a voice user says is the one they see.
      expect(await field.getAttribute('aria-label')).toBeNull();
      const [label, input] = [(await words.boundingBox())!, (await field.boundingBox())!];
      expect(label.y + label.height, 'the words above or beside the field, not under it').toBeLessThanOrEqual(input.y + input.height);
      await context.close();
    }
  });
});
