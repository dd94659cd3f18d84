import { storageUnavailable } from '../errors';
import type { Room } from '../rooms/room';
import { StorageError } from '../storage/store';

/**
 * S1: nothing leaves the server before it is stored, so a REST answer waits for the commit of
 * anything the document holds that is not yet durable; a failed commit is a 503 naming `what`.
 */
export async function durable(room: Room, what: string): Promise<void> {
  try {
    while (room.hasPending) await room.whenCommitted();
  } catch (error) {
    if (error instanceof StorageError) throw storageUnavailable(what);
    throw error;
  }
}
