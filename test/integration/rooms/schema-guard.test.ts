import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../shared/schema/constants';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';

describe('the schema version', () => {
  const fixture = useWorkspace();

  it('is the server’s: an editor who changes it is reverted, and the workspace still loads after a restart', async () => {
    const editor = await fixture.connect('editor');
    const watcher = await fixture.connect('viewer');
    editor.doc.getMap('meta').set('schema', 99);
    await waitFor('the server to put it back', () => editor.doc.getMap('meta').get('schema') === SCHEMA_VERSION);
    expect(watcher.doc.getMap('meta').get('schema')).toBe(SCHEMA_VERSION);

    fixture.disconnectAll();
    await fixture.server.restart();
    const response = await fixture.readAsViewer();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { meta: { schema: number } }).meta.schema).toBe(SCHEMA_VERSION);
  });
});
