import { createEffect, ErrorBoundary, on, type JSX } from 'solid-js';

/**
 * Keeps one part of a screen that fails to render (a bar above the view, the shared screen's
 * item) from taking the page with it, as `ViewBoundary` does for a whole view: an error thrown
 * while rendering would otherwise stop every update of the page until a reload. The part says in
 * one line that it can't be shown, and tries again whenever `retryOn` changes (the document's
 * view): what broke it is a value in the document, and the next change may have replaced it. The
 * shared screen has nobody at its keyboard to press "Try again".
 */
export function PartBoundary(props: { part: string; retryOn: () => unknown; children: JSX.Element }) {
  return (
    <ErrorBoundary
      fallback={(error: unknown, reset) => {
        console.error(`[${props.part}] rendering failed:`, error);
        createEffect(on(props.retryOn, reset, { defer: true }));
        return (
          <p class="part-failed" role="alert" data-testid="part-failed">
            The {props.part} can’t be shown: {error instanceof Error ? error.message : String(error)}
          </p>
        );
      }}
    >
      {props.children}
    </ErrorBoundary>
  );
}
