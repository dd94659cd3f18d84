import { createSignal, type Accessor } from 'solid-js';

export interface Notice {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
  /**
   * True once what the notice says no longer holds (an archived thing restored, by anyone): the
   * notice then goes rather than offer an Undo of nothing. Reactive; read by `NoticeList`.
   */
  stale?: () => boolean;
}

export interface Notices {
  list: Accessor<readonly Notice[]>;
  notify(message: string, options?: Pick<Notice, 'action' | 'stale'> & { tone?: Notice['tone'] }): void;
  dismiss(id: number): void;
}

const NOTICE_MS = 6000;

/** Short-lived messages: refused edits, "archived — undo", who brought the room where. */
export function createNotices(): Notices {
  const [list, setList] = createSignal<readonly Notice[]>([]);
  let next = 1;
  const dismiss = (id: number) => setList((all) => all.filter((notice) => notice.id !== id));
  return {
    list,
    notify(message, options = {}) {
      const notice: Notice = {
        id: next++,
        message,
        tone: options.tone ?? 'info',
        ...(options.action ? { action: options.action } : {}),
        ...(options.stale ? { stale: options.stale } : {}),
      };
      setList((all) => [...all.slice(-3), notice]);
      setTimeout(() => dismiss(notice.id), NOTICE_MS);
    },
    dismiss,
  };
}
