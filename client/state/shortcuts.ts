/**
 * Every keyboard shortcut the workspace has, as the "?" help lists them (SPEC U26). Kept beside
 * the handlers' own files in one list, so adding a shortcut means adding its line here.
 */
export interface ShortcutGroup {
  title: string;
  shortcuts: readonly { keys: readonly string[]; does: string }[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'Anywhere in the workspace',
    shortcuts: [
      { keys: ['Ctrl', 'K'], does: 'Search nodes, KPIs, dependencies and agenda items (⌘ K on a Mac)' },
      { keys: ['?'], does: 'Show these shortcuts (when not typing in a field)' },
      { keys: ['Alt', '1 … 6'], does: 'Go to Objectives, KPIs, Dependencies, Agenda, Actions, History' },
      { keys: ['Ctrl', 'Z'], does: 'Undo your last change' },
      { keys: ['Ctrl', 'Shift', 'Z'], does: 'Redo (also Ctrl Y)' },
    ],
  },
  {
    title: 'In the objective tree, while editing a title',
    shortcuts: [
      { keys: ['Enter'], does: 'Add a sibling below, of the same kind' },
      { keys: ['Tab'], does: 'Make it a child of the row above (the next kind down)' },
      { keys: ['Shift', 'Tab'], does: 'Move it out one level' },
      { keys: ['Esc'], does: 'Leave the title' },
      { keys: ['↑', '↓'], does: 'Move to the row above or below' },
      { keys: ['Alt', '↑ / ↓'], does: 'Move it up or down among its siblings' },
      { keys: ['Ctrl', 'Delete'], does: 'Archive it' },
    ],
  },
  {
    // TreeRow's onRowKeyDown: the row itself has focus (Esc in a title, or a click beside it).
    title: 'On a row of the objective tree (Esc from its title)',
    shortcuts: [
      { keys: ['Enter'], does: 'Edit its title' },
      { keys: ['F2'], does: 'Edit its title' },
      { keys: ['↑'], does: 'Move to the row above' },
      { keys: ['↓'], does: 'Move to the row below' },
      { keys: ['Tab'], does: 'Leave the tree for the next control after it' },
      { keys: ['Shift', 'Tab'], does: 'Leave the tree for the control before it' },
    ],
  },
  {
    // StructureControls' toolbar, under the selected node: one Tab stop, arrows between its buttons.
    title: 'In the selected node’s “Place in the tree” buttons',
    shortcuts: [
      { keys: ['←'], does: 'The button before (from the first, the last)' },
      { keys: ['→'], does: 'The button after (from the last, the first)' },
      { keys: ['Home'], does: 'The first button' },
      { keys: ['End'], does: 'The last button' },
    ],
  },
  {
    title: 'In search',
    shortcuts: [
      { keys: ['↑', '↓'], does: 'Choose a result' },
      { keys: ['Enter'], does: 'Go to it and select it' },
      { keys: ['Esc'], does: 'Close' },
    ],
  },
];
