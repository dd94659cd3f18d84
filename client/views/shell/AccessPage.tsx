import type { AccessProblem } from '../../sync/access-problem';

/**
 * The page in place of a workspace this browser cannot be in (SPEC A9, A10): a link that does not
 * work, or access that ended, said in words, with the way back. Pasting a new link into this
 * tab's address bar opens it without a reload (WorkspaceRoute listens for the fragment).
 */
export function AccessPage(props: { problem: AccessProblem }) {
  return (
    <main class="center-page">
      <section class="card narrow access-page" role="alert" aria-labelledby="access-title" data-testid="access-page" data-kind={props.problem.kind}>
        <p class="eyebrow">Throughline</p>
        <h1 id="access-title">{props.problem.title}</h1>
        <p data-testid="access-sentence">{props.problem.sentence}</p>
        <p class="muted">
          {props.problem.kind === 'unreachable'
            ? 'Your edits are kept in this browser until the server is back.'
            : 'Got a new link? Paste it into this tab’s address bar to open the review.'}
        </p>
      </section>
    </main>
  );
}
