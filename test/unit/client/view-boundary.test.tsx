import { cleanup, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewBoundary } from '../../../client/views/shell/ViewBoundary';

describe('a view that fails to render', () => {
  afterEach(cleanup);

  it('is replaced by a sentence while the page keeps updating, and going to another view tries afresh', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const [view, setView] = createSignal('history');
    const [count, setCount] = createSignal(0);
    const screen = render(() => (
      <div>
        <span data-testid="outside">{count()}</span>
        <ViewBoundary view={view()}>
          {(() => {
            if (view() === 'history') throw new TypeError("Cannot read properties of null (reading 'kind')");
            return <p>the {view()} view</p>;
          })()}
        </ViewBoundary>
      </div>
    ));
    expect(screen.getByRole('alert').textContent).toContain('This view can’t be shown');
    expect(screen.getByRole('alert').textContent).toContain("Cannot read properties of null (reading 'kind')");
    setCount(1);
    expect(screen.getByTestId('outside').textContent).toBe('1');
    setView('tree');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('the tree view')).toBeTruthy();
  });
});
