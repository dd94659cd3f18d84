import type { Room } from '../../../../server/rooms/room';
import type { RoomCluster } from '../../../../server/rooms/room-cluster';

/**
 * The cluster as the registry sees it (the Redis one is exercised by test/integration/cluster):
 * like it, it stops leading a room the moment the room is closed here.
 */
export class Leases implements RoomCluster {
  readonly leading = new Set<string>();
  constructor(private readonly takesLeases: boolean) {}
  opened(room: Room): void {
    if (this.takesLeases) this.leading.add(room.id);
  }
  closed(room: Room): void {
    this.leading.delete(room.id);
  }
  stored(): void {}
  presence(): void {}
  behind(): void {}
  leads(workspace: string): boolean {
    return this.leading.has(workspace);
  }
  onLead(): void {}
}
