import { cleanup, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PartBoundary } from '../../../client/views/shell/PartBoundary';

describe('a bar that fails to render', () => {
  afterEach(cleanup);

  it('[U42] says in one line it can’t be shown while the page keeps updating, and comes back by itself once the document changes', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // The document's view: a bar that reads a value of the wrong type throws until it is replaced.
    const [view, setView] = createSignal<{ mode: unknown }>({ mode: 7 });
    const [count, setCount] = createSignal(0);
    const screen = render(() => (
      <div>
        <span data-testid="outside">{count()}</span>
        <PartBoundary part="triage banner" retryOn={view}>
          {(() => {
            const mode = view().mode;
            if (typeof mode !== 'string') throw new TypeError('mode.toUpperCase is not a function');
            return <p>{mode.toUpperCase()}</p>;
          })()}
        </PartBoundary>
      </div>
    ));
    expect(screen.getByRole('alert').textContent).toBe('The triage banner can’t be shown: mode.toUpperCase is not a function');
    setCount(1);
    expect(screen.getByTestId('outside').textContent).toBe('1');
    setView({ mode: 'triage' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('TRIAGE')).toBeTruthy();
  });
});
