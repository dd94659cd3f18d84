import { createSignal, Show } from 'solid-js';
import { endMeeting, setVotesRevealed, startMeeting } from '../../../shared/schema/meeting';
import { minutesSnapshot } from '../../state/meeting-minutes';
import { useWorkspace } from '../../state/workspace-context';
import { ConfirmStep } from '../common/ConfirmStep';
import { atMoment, formatMoment, formatWhen } from '../common/format-when';

/**
 * The meeting's state for everyone and, for every facilitator, its controls (DESIGN §4
 * "Meeting"): start and end it, reveal or hide the dots. All of it is in the document, so a
 * co-facilitator's click shows on every screen and a reload finds it as it was.
 *
 * Ending takes a confirm step (SPEC U104): it ends the meeting on every screen, writes its minutes
 * (the snapshot, the webhooks) and cannot be taken back, since starting again is a new meeting
 * that reopens the standing items and starts every timebox afresh. Once ended, its minutes are a
 * click away from where the facilitator stands.
 *
 * The step belongs to the meeting it was opened for (its `startedAt`): one a colleague ended
 * closes it for good, and it does not come back when someone starts the next meeting, where its
 * "Yes" would end a meeting this facilitator never saw start.
 */
export function MeetingControls() {
  const ws = useWorkspace();
  const meeting = ws.meeting;
  const record = ws.record;
  const revealed = () => meeting().votesRevealed;
  const [endingFor, setEndingFor] = createSignal<string | null>(null);
  const ending = () => {
    const { status, startedAt } = meeting();
    return status === 'running' && startedAt !== null && endingFor() === startedAt;
  };
  // The minutes written at the end (M2, M6): the snapshot the server named in the meeting as it
  // took it, once listed; until then, and for a mark naming another meeting, its start's.
  const minutesUrl = () => record.api.exportUrl('md', minutesSnapshot(meeting(), record.snapshots()));
  let minutesLink: HTMLAnchorElement | undefined;
  let startButton: HTMLButtonElement | undefined;
  let endButton: HTMLButtonElement | undefined;
  const status = () => {
    const { status, startedAt, endedAt } = meeting();
    // Said against today (U105): read a week later, "ended at 10:56" would pass for this morning.
    if (status === 'running') return `Meeting running since ${startedAt ? formatMoment(startedAt, ws.now()) : '–'}`;
    if (status === 'ended') return `Meeting ended ${endedAt ? atMoment(endedAt, ws.now()) : ''}`.trimEnd();
    return 'No meeting running';
  };
  // The step stays until the screen reads the meeting ended (a batch later), so that focus, leaving
  // it, finds the minutes already there rather than "End meeting" about to go. Its "Yes" answers
  // once: a double click or a held Enter in that batch would end an ended meeting, refused aloud.
  // Not disabled for it: a focused button disabled drops the focus the step hands on.
  const [endSent, setEndSent] = createSignal(false);
  const end = () => {
    if (!endSent() && ws.attempt(endMeeting(ws.doc, ws.context())).ok) setEndSent(true);
  };
  // "Start meeting" goes as the meeting starts, "End meeting" in its place: the keyboard's place
  // goes there, not to the page's start.
  const start = () => {
    if (!ws.attempt(startMeeting(ws.doc, ws.context())).ok) return;
    ws.flush();
    endButton?.focus();
  };
  // The button discloses the step (aria-expanded): pressed again, it closes it, as any disclosure does.
  const askToEnd = () => {
    setEndSent(false);
    setEndingFor(ending() ? null : meeting().startedAt);
  };
  return (
    <div class="meeting-controls" role="group" aria-label="Meeting">
      <span class="meeting-status" data-status={meeting().status} data-testid="meeting-status">
        {status()}
      </span>
      <Show when={meeting().status === 'ended'}>
        <a class="text-button" ref={minutesLink} href={minutesUrl()} download="" aria-label={`Minutes of the meeting ended ${formatWhen(meeting().endedAt)}`}>
          Minutes
        </a>
      </Show>
      <Show when={ws.isFacilitator}>
        <Show
          when={meeting().status === 'running'}
          fallback={
            <button type="button" class="primary" ref={startButton} title="Standing items reopen for the new meeting" onClick={start}>
              Start meeting
            </button>
          }
        >
          <button type="button" ref={endButton} aria-expanded={ending()} onClick={askToEnd}>
            End meeting
          </button>
        </Show>
        {/* Its words say what it does, so it is no pressed toggle too (U118): "Hide votes, pressed" read as hiding them. */}
        <button type="button" onClick={() => ws.apply(setVotesRevealed(ws.doc, !revealed()))}>
          {revealed() ? 'Hide votes' : 'Reveal votes'}
        </button>
        {/* A colleague who ends it first leaves nothing to confirm; Escape steps back, as from a menu. */}
        <Show when={ending()}>
          <div class="end-step" onKeyDown={(event) => event.key === 'Escape' && setEndingFor(null)}>
            <ConfirmStep
              message="End the meeting for everyone? Its minutes are written as the agenda stands now and sent to the webhooks. Starting again later is a new meeting: standing items reopen and every timebox starts from nothing."
              confirmLabel="Yes, end the meeting"
              onConfirm={end}
              onCancel={() => setEndingFor(null)}
              // Once ended, "End meeting" has gone: focus goes on to the minutes just written.
              returnFocus={() => (meeting().status === 'running' ? null : [minutesLink, startButton].find((el) => el?.isConnected))}
            />
          </div>
        </Show>
      </Show>
    </div>
  );
}
