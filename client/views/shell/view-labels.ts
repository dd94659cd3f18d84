import type { ViewName } from '../../sync/awareness-state';

/** The six views over the one document (DESIGN §7), in the header's order, as people call them. */
export const VIEWS: readonly { id: ViewName; label: string }[] = [
  { id: 'tree', label: 'Objectives' },
  { id: 'kpis', label: 'KPIs' },
  { id: 'deps', label: 'Dependencies' },
  { id: 'agenda', label: 'Agenda' },
  { id: 'actions', label: 'Actions' },
  { id: 'history', label: 'History' },
];

export const viewLabel = (view: ViewName): string => VIEWS.find((entry) => entry.id === view)?.label ?? view;
