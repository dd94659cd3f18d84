import * as Y from 'yjs';
import { computeRollups, type NodeRollup } from '../../shared/rollup/rollups';
import type { Finding } from '../../shared/rules/finding';
import { appendReadings } from '../../shared/schema/readings';
import { asRead, workspaceToJson } from '../../shared/schema/to-json';
import type { WorkspaceJson } from '../../shared/schema/types';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { initWorkspace, readMode, readSchemaVersion } from '../../shared/schema/workspace';
import type { LinkSealer } from '../auth/link-sealer';
import { hashToken, newToken, newWorkspaceId } from '../auth/tokens';
import { buildDemoWorkspace } from '../demo/demo-workspace';
import { refusal } from '../errors';
import type { RoomRegistry } from '../rooms/room-registry';
import { runRules } from '../rooms/rule-runner';
import { durable } from './durable';
import { ROLES, type Role, type Catalogue, type WorkspaceRecord } from '../storage/store';

export type Template = 'blank' | 'demo';

export interface CreatedWorkspace {
  id: string;
  title: string;
  tokens: Record<Role, string>;
}

/** The transaction origin of readings that arrive over REST. */
export const READINGS_ORIGIN = 'throughline:rest-readings';

/** Creating, listing, reading and feeding workspaces: the part of the server REST routes call. */
export class WorkspaceService {
  constructor(
    private readonly store: Catalogue,
    private readonly rooms: RoomRegistry,
    private readonly clock: () => Date,
    /** Seals the role links so they can be shown again (SPEC A1); without one they are shown once. */
    private readonly sealer: LinkSealer | null = null,
  ) {}

  async create(title: string, template: Template): Promise<CreatedWorkspace> {
    const now = this.clock();
    const id = newWorkspaceId();
    const doc = new Y.Doc({ guid: id });
    if (template === 'demo') buildDemoWorkspace(doc, now);
    initWorkspace(doc, { title });
    // The demo is stored already pivoted, so the listing and the first sync agree on its mode.
    if (template === 'demo') runRules(doc, now);
    const tokens = Object.fromEntries(ROLES.map((role) => [role, newToken()])) as Record<Role, string>;
    const tokenHashes = Object.fromEntries(ROLES.map((role) => [role, hashToken(tokens[role])])) as Record<Role, string>;
    await this.store.createWorkspace({
      id,
      title,
      mode: readMode(doc),
      initialState: Y.encodeStateAsUpdate(doc),
      initialSchema: readSchemaVersion(doc),
      tokenHashes,
      sealedTokens: this.sealer
        ? (Object.fromEntries(ROLES.map((role) => [role, this.sealer!.seal(tokens[role], tokenHashes[role])])) as Record<Role, string>)
        : undefined,
    });
    doc.destroy();
    return { id, title, tokens };
  }

  async describe(id: string): Promise<WorkspaceRecord | undefined> {
    return this.store.getWorkspace(id);
  }

  async list(): Promise<WorkspaceRecord[]> {
    return this.store.listWorkspaces();
  }

  async isEmpty(): Promise<boolean> {
    return (await this.store.countWorkspaces()) === 0;
  }

  /** The live document as plain JSON, as the app reads it (`asRead`), with the current findings and each node's roll-up. */
  read(id: string): Promise<WorkspaceJson & { findings: Finding[]; rollups: Record<string, NodeRollup> }> {
    return this.rooms.withRoom(id, async (room) => {
      const findings = this.rooms.rulesFor(room).findings;
      // S1: nothing leaves the server before it is stored, so the answer waits for the commit
      // of anything the document holds that is not yet durable (including a pivot just made).
      await durable(room, 'The workspace');
      return { ...asRead(workspaceToJson(room.doc)), findings, rollups: computeRollups(readWorkspaceView(room.doc), findings) };
    });
  }

  /**
   * Appends readings through the live document (so every connected client sees them), runs the
   * rules at once, and answers only when the readings and any pivot they caused are stored.
   */
  addReadings(id: string, kpiId: string, readings: unknown[]): Promise<{ appended: number; mode: string; findings: Finding[] }> {
    return this.rooms.withRoom(id, async (room) => {
      const result = room.change((doc) => appendReadings(doc, kpiId, readings, this.clock()), READINGS_ORIGIN);
      if (!result.ok) throw refusal(result.error);
      const findings = this.rooms.rulesFor(room).evaluateNow();
      await durable(room, 'The readings');
      return { appended: result.value.appended, mode: readMode(room.doc), findings };
    });
  }
}

