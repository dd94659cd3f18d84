import type { Workspace } from '../../state/workspace-context';
import { focusViewHeading } from '../shell/view-heading';

/**
 * Opens the Agenda on an item and brings its card into view, focused, once drawn: "Show it" after
 * an outcome, "Go to the item" from the meeting bar and the Actions view. The Agenda opens at its
 * top (WorkspaceShell), and a card low on a long agenda would otherwise stay out of sight; one in
 * the folded "Resolved" group is unfolded.
 */
export function showAgendaItem(ws: Pick<Workspace, 'nav'>, itemId: string): void {
  ws.nav.go('agenda', itemId);
  requestAnimationFrame(() => {
    const card = agendaCard(itemId);
    const group = card?.closest('details');
    if (group) group.open = true;
    card?.scrollIntoView({ block: 'center' });
    card?.focus();
  });
}

/**
 * Opens the Agenda at its top with focus on its heading once drawn ("Triage" after a pivot):
 * "Open triage" in the banner is not offered on the Agenda, so the focus it had must go on there,
 * not fall to the page's start. Not on the first card: focusing it selected the worst item and
 * showed the facilitator "editing" it on every screen, though she had touched nothing (U113).
 */
export function openAgenda(ws: Pick<Workspace, 'nav'>): void {
  ws.nav.go('agenda');
  requestAnimationFrame(focusViewHeading);
}

/** An agenda item's card as drawn now, if it is. */
export function agendaCard(itemId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`article[data-id="${CSS.escape(itemId)}"]`);
}
