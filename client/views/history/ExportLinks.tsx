import { useWorkspace } from '../../state/workspace-context';
import type { ExportFormat } from '../../sync/record-api';

const EXPORTS: { format: ExportFormat; label: string; title: string }[] = [
  { format: 'json', label: 'JSON', title: 'The whole document as JSON' },
  { format: 'csv', label: 'CSV readings', title: 'Every KPI reading as CSV' },
  { format: 'md', label: 'Minutes', title: 'The meeting’s minutes as Markdown' },
];

/**
 * Downloads (SPEC M5, M6): same-origin links, so the session cookie authorises them and the
 * server's content-disposition names the file.
 */
export function ExportLinks() {
  const ws = useWorkspace();
  return (
    <div class="export-links" role="group" aria-label="Download">
      <span class="muted">Download</span>
      {EXPORTS.map((entry) => (
        <a class="button-link" href={ws.record.api.exportUrl(entry.format)} download="" title={entry.title}>
          {entry.label}
        </a>
      ))}
    </div>
  );
}
