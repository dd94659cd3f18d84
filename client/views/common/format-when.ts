import { formatDate } from '../../../shared/rules/format';

/**
 * An instant as people read it in lists: "12 Mar 2025, 14:05" (or "2:05 PM", as their locale
 * writes times), in their own time zone. The date is written as every screen writes dates
 * (SPEC U38), not in the browser's order ("Mar 12, 2025"), so a log entry and the card beside
 * it agree.
 */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const localDay = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  return `${formatDate(localDay)}, ${date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}
