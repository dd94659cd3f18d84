import { Show } from 'solid-js';
import type { AdminProblem } from '../../sync/admin-problem';

/**
 * In place of the workspace list when it cannot be read (SPEC U58): what went wrong and what to
 * do, and "Try again" where trying again may help; never "No workspaces yet", which would say
 * the instance is empty when it is only unreadable.
 */
export function AdminProblemNotice(props: { problem: AdminProblem; retrying: boolean; retry: () => void }) {
  return (
    <div role="alert" aria-labelledby="admin-problem-title" data-testid="admin-problem">
      <h2 id="admin-problem-title">{props.problem.title}</h2>
      <p>{props.problem.sentence}</p>
      <Show when={props.problem.canRetry}>
        <button type="button" disabled={props.retrying} onClick={() => props.retry()}>
          {props.retrying ? 'Trying again…' : 'Try again'}
        </button>
      </Show>
    </div>
  );
}
