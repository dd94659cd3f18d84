import type { Client } from './clients';

/** Every state `client` has shown for `clientId`, recorded as it changes: a glimpse counts too. */
export function shownStates(client: Client, clientId: number): unknown[] {
  const shown: unknown[] = [];
  client.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    if ([...added, ...updated].includes(clientId)) shown.push(client.provider.awareness.getStates().get(clientId));
  });
  return shown;
}
