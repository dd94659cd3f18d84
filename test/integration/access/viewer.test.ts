import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/clients';
import { storedDocument } from '../support/database';
import { useWorkspace } from '../support/fixture';

describe('viewers', () => {
  const fixture = useWorkspace();

  it('receive everything live but cannot write, online or through sync step 2 after offline edits', async () => {
    const editor = await fixture.connect('editor');
    const viewer = await fixture.connect('viewer');

    editor.doc.getMap('items').set('from-editor', 1);
    await waitFor('the viewer to receive the editor’s edit', () => viewer.doc.getMap('items').get('from-editor') === 1);

    viewer.doc.getMap('items').set('online-viewer-edit', 1);
    viewer.provider.disconnect();
    viewer.doc.getMap('items').set('offline-viewer-edit', 1);
    viewer.provider.connect();
    await waitFor('the viewer to resync', () => viewer.provider.synced);

    // A marker edit after the viewer's attempts: once it arrives, anything relayed before it has too.
    editor.doc.getMap('items').set('marker', 1);
    await waitFor('the marker', () => viewer.doc.getMap('items').get('marker') === 1);
    const late = await fixture.connect('editor');
    for (const doc of [editor.doc, late.doc]) {
      expect(doc.getMap('items').has('online-viewer-edit')).toBe(false);
      expect(doc.getMap('items').has('offline-viewer-edit')).toBe(false);
    }

    fixture.disconnectAll();
    await fixture.server.stop();
    const stored = storedDocument(fixture.server.dataDir, fixture.workspace.id).doc.getMap('items');
    expect(stored.get('marker')).toBe(1);
    expect(stored.has('online-viewer-edit') || stored.has('offline-viewer-edit')).toBe(false);
  });
});
