import * as Y from 'yjs';

/**
 * The value a map item holds, exactly as `Y.Map.get` returns it (yjs `typeMapGet`: the last of
 * the item's content — a JSON value, a nested type, a subdocument, binary), for the readers that
 * walk an entry's items instead of getting each field (node-read, kpi-read, dep-read). It must
 * stay equal to `get` for every kind of content: the views are what `get` would have read.
 */
export function itemValue(item: Y.Item): unknown {
  const content = item.content;
  if (content instanceof Y.ContentAny) return content.arr[content.arr.length - 1];
  if (content instanceof Y.ContentType) return content.type;
  return content.getContent()[item.length - 1];
}
