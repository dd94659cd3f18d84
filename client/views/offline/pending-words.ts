/** The pending count as the UI says it everywhere (SPEC U22): "3 edits waiting to sync". */
export function pendingWords(count: number): string {
  return `${count} ${count === 1 ? 'edit' : 'edits'} waiting to sync`;
}
