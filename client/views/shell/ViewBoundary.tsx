import { createEffect, ErrorBoundary, on, type JSX } from 'solid-js';

/**
 * Keeps a view that fails to render from taking the page with it. Any writer can store anything in
 * the document (DESIGN §6) and the views read it through shared accessors that tolerate that, but
 * an error thrown while rendering would otherwise stop every update of the page until a reload.
 * The view is replaced by a sentence and a way to try again; going to another view tries afresh.
 */
export function ViewBoundary(props: { view: string; children: JSX.Element }) {
  return (
    <ErrorBoundary
      fallback={(error: unknown, reset) => {
        console.error('[view] rendering failed:', error);
        createEffect(on(() => props.view, reset, { defer: true }));
        return (
          <section class="view-failed" role="alert" data-testid="view-failed">
            <h2>This view can’t be shown</h2>
            <p>Something in the review is not what this screen expects. The other views still work, and nothing was changed.</p>
            <p class="muted">{error instanceof Error ? error.message : String(error)}</p>
            <button type="button" onClick={reset}>
              Try again
            </button>
          </section>
        );
      }}
    >
      {props.children}
    </ErrorBoundary>
  );
}
