import type { JSX } from 'solid-js';

/**
 * A wide table's own scrolling region (SPEC U10): the table keeps its columns and scrolls
 * sideways here, never the page (a table of `.phone-cards` becomes cards on a phone instead, and
 * still scrolls here on a screen a little wider). Named, and focusable so a keyboard can scroll it.
 */
export function TableScroll(props: { label: string; children: JSX.Element }) {
  return (
    <div class="table-scroll" role="region" aria-label={props.label} tabindex="0">
      {props.children}
    </div>
  );
}
