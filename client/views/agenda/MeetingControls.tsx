import { Show } from 'solid-js';
import { endMeeting, setVotesRevealed, startMeeting } from '../../../shared/schema/meeting';
import { useWorkspace } from '../../state/workspace-context';

/**
 * The meeting's state for everyone and, for every facilitator, its controls (DESIGN §4
 * "Meeting"): start and end it, reveal or hide the dots. All of it is in the document, so a
 * co-facilitator's click shows on every screen and a reload finds it as it was.
 */
export function MeetingControls() {
  const ws = useWorkspace();
  const meeting = ws.meeting;
  const revealed = () => meeting().votesRevealed;
  const status = () => {
    const { status, startedAt, endedAt } = meeting();
    if (status === 'running') return `Meeting running since ${timeOf(startedAt)}`;
    if (status === 'ended') return `Meeting ended at ${timeOf(endedAt)}`;
    return 'No meeting running';
  };
  return (
    <div class="meeting-controls" role="group" aria-label="Meeting">
      <span class="meeting-status" data-status={meeting().status} data-testid="meeting-status">
        {status()}
      </span>
      <Show when={ws.isFacilitator}>
        <Show
          when={meeting().status === 'running'}
          fallback={
            <button type="button" class="primary" title="Standing items reopen for the new meeting" onClick={() => ws.apply(startMeeting(ws.doc, ws.context()))}>
              Start meeting
            </button>
          }
        >
          <button type="button" onClick={() => ws.apply(endMeeting(ws.doc, ws.context()))}>
            End meeting
          </button>
        </Show>
        <button type="button" aria-pressed={revealed()} onClick={() => ws.apply(setVotesRevealed(ws.doc, !revealed()))}>
          {revealed() ? 'Hide votes' : 'Reveal votes'}
        </button>
      </Show>
    </div>
  );
}

function timeOf(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '–';
}
