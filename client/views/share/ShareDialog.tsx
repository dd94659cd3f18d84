import { createSignal, on, createEffect, onCleanup, onMount } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { InviteForm } from './InviteForm';
import { MemberList } from './MemberList';
import type { LinkNotice } from './PersonalLinkNotice';
import { RoleLinks } from './RoleLinks';
import './share.css';

/** How often the open dialog re-reads the members (who is here, last seen). */
const MEMBERS_REFRESH_MS = 5_000;

/**
 * The facilitator's share dialog (DESIGN §7, SPEC A11): copy and rotate the role links, invite a
 * person and copy their link, list the members, give one a new link, remove one. A native modal
 * <dialog>: focus stays inside it, Esc closes it, and focus returns to the Share button.
 */
export function ShareDialog(props: { onClose: () => void }) {
  const ws = useWorkspace();
  let dialog!: HTMLDialogElement;
  const [now, setNow] = createSignal(new Date());
  // One personal link shown at a time, the latest made: an invitation's and a new link's side by
  // side read as two live links, one of them perhaps no longer working.
  const [notice, setNotice] = createSignal<LinkNotice | null>(null);
  const refresh = () => {
    setNow(new Date());
    void ws.people.refresh();
  };
  onMount(() => {
    dialog.showModal();
    refresh();
    const timer = setInterval(refresh, MEMBERS_REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
  // Someone arriving or leaving changes who is here: read the members again at once.
  createEffect(on(() => ws.presence.peers().length, refresh, { defer: true }));
  return (
    <dialog ref={dialog} class="share-dialog" aria-labelledby="share-title" onClose={() => props.onClose()} data-testid="share-dialog">
      <header class="share-head">
        <h2 id="share-title">Share this review</h2>
        <button type="button" class="icon" aria-label="Close" onClick={() => dialog.close()}>
          ✕
        </button>
      </header>
      <RoleLinks />
      <InviteForm notice={notice()} onNotice={setNotice} />
      <MemberList now={now()} notice={notice()} onNotice={setNotice} />
    </dialog>
  );
}
