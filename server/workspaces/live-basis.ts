import type * as Y from 'yjs';
import { BASIS_ROOTS, BASIS_VERSION, basisRootMap, emptyBasis, entryBasis, type BasisRoot, type RecordBasis } from '../../shared/history/record-basis';
import { setEntry } from '../../shared/schema/plain-json';

/**
 * A live document's record basis (shared/history/record-basis.ts), kept entry by entry: after
 * the first read, a read re-reads only the entries transactions touched since. A meeting's end
 * snapshots the document and every `changes` compares against it, and between two of those
 * a review touches a few entries of thousands, so both cost what changed rather than the
 * workspace's size (SPEC M1, M3). Kept for a document from its first read until it is gone.
 */
export class LiveBasis {
  private readonly current: RecordBasis = emptyBasis();
  /** Counts the reads that found entries changed: the same number means the same basis. */
  private refreshes = 0;
  /** Each entry's basis as JSON, and each root's assembled text until an entry of it changes. */
  private readonly entryTexts = new Map(BASIS_ROOTS.map((root) => [root, new Map<string, string>()]));
  private readonly rootTexts = new Map<BasisRoot, string>();
  private readonly dirty = new Map(BASIS_ROOTS.map((root) => [root, new Set<string>()]));
  private readonly roots: Map<unknown, BasisRoot>;

  constructor(private readonly doc: Y.Doc) {
    this.roots = new Map(BASIS_ROOTS.map((root) => [basisRootMap(doc, root), root]));
    for (const root of BASIS_ROOTS) basisRootMap(doc, root).forEach((_entry, id) => this.dirty.get(root)!.add(id));
    // Before any observer: a room's afterTransaction handlers (a meeting's end takes its snapshot
    // in one) may read the basis of the very transaction they are told about.
    doc.on('beforeObserverCalls', this.mark);
  }

  /** The basis as of now; callers must not modify it. */
  basis(): RecordBasis {
    this.refresh();
    return this.current;
  }

  /** The basis as JSON text, assembled from each entry's cached text: what a snapshot stores. */
  text(): string {
    this.refresh();
    return `{"version":${BASIS_VERSION},${BASIS_ROOTS.map((root) => `${JSON.stringify(root)}:${this.rootText(root)}`).join(',')}}`;
  }

  /** Which state of the document `basis()` is of: it changes whenever the basis may have. */
  revision(): number {
    this.refresh();
    return this.refreshes;
  }

  /** Re-reads the entries transactions touched since the last read. */
  private refresh(): void {
    for (const [root, ids] of this.dirty) {
      if (ids.size === 0) continue;
      this.refreshes++;
      const map = basisRootMap(this.doc, root);
      const texts = this.entryTexts.get(root)!;
      for (const id of ids) {
        const kept = entryBasis(root, map.get(id));
        if (kept) {
          setEntry(this.current[root], id, kept);
          texts.set(id, JSON.stringify(kept));
        } else {
          delete this.current[root][id];
          texts.delete(id);
        }
      }
      ids.clear();
      this.rootTexts.delete(root);
    }
  }

  private rootText(root: BasisRoot): string {
    let text = this.rootTexts.get(root);
    if (text === undefined) {
      text = `{${Array.from(this.entryTexts.get(root)!, ([id, json]) => `${JSON.stringify(id)}:${json}`).join(',')}}`;
      this.rootTexts.set(root, text);
    }
    return text;
  }

  /** Marks the entries a transaction touched: a root's own keys, or the entry a nested change sits in. */
  private readonly mark = (transaction: Y.Transaction): void => {
    for (const [type, keys] of transaction.changed) {
      const root = this.roots.get(type);
      if (root) {
        for (const key of keys) if (key !== null) this.dirty.get(root)!.add(key);
        continue;
      }
      let entry: Y.AbstractType<Y.YEvent<any>> = type;
      while (entry._item && !this.roots.has(entry._item.parent)) entry = entry._item.parent as Y.AbstractType<Y.YEvent<any>>;
      const item = entry._item;
      const entryRoot = item ? this.roots.get(item.parent) : undefined;
      if (entryRoot && item?.parentSub) this.dirty.get(entryRoot)!.add(item.parentSub);
    }
  };
}

const kept = new WeakMap<Y.Doc, LiveBasis>();

/** The live document's record basis, kept from the first call until the document is gone. */
export function liveBasis(doc: Y.Doc): LiveBasis {
  let basis = kept.get(doc);
  if (!basis) {
    basis = new LiveBasis(doc);
    kept.set(doc, basis);
  }
  return basis;
}
