import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runRules } from '../../../../server/rooms/rule-runner';
import { computeRollups } from '../../../../shared/rollup/rollups';
import type { Finding } from '../../../../shared/rules/finding';
import { impactOfSubject } from '../../../../shared/rollup/impact';
import { evidenceFigures, viewNames } from '../../../../shared/rules/evidence';
import { evaluateRules, resolveParams, RULES } from '../../../../shared/rules/index';
import { kpiStatus } from '../../../../shared/rules/kpi-status';
import { previewRuleSetting } from '../../../../shared/rules/rule-settings';
import { diffWorkspaces } from '../../../../shared/history/changes';
import { meetingMinutes } from '../../../../shared/history/minutes';
import { recordBasis } from '../../../../shared/history/record-basis';
import { decisionText, readAgenda } from '../../../../shared/schema/agenda-read';
import { WorkspaceSchemaError, migrateWorkspace } from '../../../../shared/schema/migrations';
import { appendReadings, listReadings } from '../../../../shared/schema/readings';
import { overruledDeclines } from '../../../../shared/schema/overruled-declines';
import { readRuleSettings } from '../../../../shared/schema/rule-settings';
import { asRead, workspaceToJson } from '../../../../shared/schema/to-json';
import { unseenOverwrites } from '../../../../shared/schema/unseen-overwrites';
import type { WorkspaceJson } from '../../../../shared/schema/types';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { readMode, readSchemaVersion } from '../../../../shared/schema/workspace';
import { testSeed } from '../../../support/random';
import { POISON_LOCATIONS, poisonBase, type PoisonIds, type PoisonLocation } from '../../support/poison-locations';
import { PLAIN_KINDS, POISON_KINDS, type PoisonKind } from '../../support/poison-values';
import { NOW, day } from '../../support/workspace-fixtures';

const base = poisonBase();

/**
 * The guid of every document the cases build (two or three for each case and kind), which no
 * reader looks at. Yjs makes a random one per document otherwise, 31 calls to the system's random
 * source: 6.7 s of the 79 s this file took under the profiler.
 */
const DOC_GUID = 'poison-values';

/**
 * The server's copy of the base workspace after each of `edits` reached it as a client's update,
 * written on a replica holding the updates relayed so far. The view is read once before, as a
 * live room has, so the poison reaches the readers as a change to a cached view as well as on a
 * cold read (the JSON, a reload). Each update also goes through the watches every page runs on
 * the transactions it receives (U74, U79), whose failures are `watchFailures`.
 */
function poisonedServerDoc(...edits: ((client: Y.Doc) => void)[]): { doc: Y.Doc; watchFailures: string[] } {
  const server = new Y.Doc({ guid: DOC_GUID });
  const relayed = [base.update];
  Y.applyUpdate(server, base.update);
  readWorkspaceView(server);
  const watchFailures: string[] = [];
  server.on('afterTransaction', (transaction: Y.Transaction) => {
    for (const [watch, run] of [
      ['unseenOverwrites', () => unseenOverwrites(transaction, () => false)],
      ['overruledDeclines', () => overruledDeclines(transaction, () => false)],
    ] as const) {
      try {
        run();
      } catch (error) {
        watchFailures.push(`${watch}: ${(error as Error).message}`);
      }
    }
  });
  for (const edit of edits) {
    const client = new Y.Doc({ guid: DOC_GUID });
    for (const update of relayed) Y.applyUpdate(client, update);
    const before = Y.encodeStateVector(client);
    edit(client);
    const update = Y.encodeStateAsUpdate(client, before);
    relayed.push(update);
    Y.applyUpdate(server, update, 'client');
    client.destroy();
  }
  return { doc: server, watchFailures };
}

interface Readout {
  /** `reader: error` for every server-side reader that threw. */
  failures: string[];
  findings: Finding[];
  json: WorkspaceJson | null;
}

/** Every server-side reader of the document, in the order a room runs them. */
function readEverything(doc: Y.Doc, ids: PoisonIds): Readout {
  const failures: string[] = [];
  const attempt = <T>(reader: string, read: () => T): T | null => {
    try {
      return read();
    } catch (error) {
      failures.push(`${reader}: ${(error as Error).message}`);
      return null;
    }
  };
  attempt('migrateWorkspace', () => {
    try {
      migrateWorkspace(doc);
    } catch (error) {
      // Refusing a document whose schema version is unreadable is S5, not a crash.
      if (!(error instanceof WorkspaceSchemaError)) throw error;
    }
  });
  attempt('readMode', () => readMode(doc));
  attempt('readSchemaVersion', () => readSchemaVersion(doc));
  attempt('readRuleSettings', () => readRuleSettings(doc));
  const findings = attempt('runRules', () => runRules(doc, NOW)) ?? [];
  attempt('evaluateRules', () => evaluateRules(readWorkspaceView(doc), readRuleSettings(doc), NOW));
  // C14: every rule on its own, with its stored setting, and what the screens read of findings.
  for (const rule of RULES) {
    attempt(rule.id, () => rule.evaluate(readWorkspaceView(doc), resolveParams(rule, readRuleSettings(doc)[rule.id]), NOW));
    attempt(`previewRuleSetting ${rule.id}`, () => previewRuleSetting(readWorkspaceView(doc), rule.id, { params: { ...rule.defaults } }, NOW));
  }
  attempt('computeRollups', () => JSON.stringify(computeRollups(readWorkspaceView(doc), findings)));
  attempt('kpiStatus', () => {
    const view = readWorkspaceView(doc);
    for (const kpi of view.kpis.values()) JSON.stringify(kpiStatus(kpi, findings, view.rules, NOW));
  });
  attempt('listReadings', () => {
    for (const kpi of readWorkspaceView(doc).kpis.keys()) listReadings(doc, kpi, NOW);
  });
  attempt('evidenceFigures', () => {
    const view = readWorkspaceView(doc);
    for (const finding of findings) evidenceFigures(finding, viewNames(view));
    // Stored findings are what any client wrote: the triage item renders them too.
    for (const item of readAgenda(doc)) for (const stored of item.findings) evidenceFigures({ ...stored, subject: item.subject ?? { type: 'node', id: '' } }, viewNames(view));
  });
  attempt('impactOfSubject', () => {
    const view = readWorkspaceView(doc);
    for (const finding of findings) impactOfSubject(view, finding.subject);
  });
  let exported: WorkspaceJson | null = null;
  const json = attempt('workspaceToJson', () => {
    exported = workspaceToJson(doc);
    return JSON.parse(JSON.stringify(exported)) as WorkspaceJson;
  });
  // The REST reads and the JSON export (U81): a dependency of any shape reads through datesOf. Of
  // the same export, which nothing has written to since: exporting it again only when that threw.
  attempt('asRead', () => JSON.stringify(asRead(exported ?? workspaceToJson(doc))));
  // The record's readers (SPEC M3, M6, M9): the minutes, what changed and the `item.decided` payload's decision.
  attempt('meetingMinutes', () => meetingMinutes(exported ?? workspaceToJson(doc), recordBasis(doc), NOW));
  attempt('diffWorkspaces', () => JSON.stringify(diffWorkspaces(recordBasis(doc), recordBasis(doc))));
  attempt('decisionText', () => readAgenda(doc).map(decisionText));
  attempt('appendReadings', () => appendReadings(doc, ids.kpi, [{ at: day(0), value: 7 }], NOW));
  return { failures, findings, json };
}

/** What is wrong with a readout, as sentences; empty when every reader answered and the good KPI still counts. */
function problemsOf(readout: Readout, doc: Y.Doc, pivots: boolean): string[] {
  const problems = [...readout.failures];
  const goodKey = `kpi-threshold:kpi:${base.ids.goodKpi}`;
  if (!readout.findings.some((finding) => finding.key === goodKey && finding.severity === 'red')) {
    problems.push('the KPI far behind plan has no red finding');
  }
  if (readout.json?.kpis[base.ids.goodKpi]?.name !== 'Net revenue') problems.push('the JSON lost the KPI far behind plan');
  if (pivots && (readMode(doc) !== 'triage' || !(doc.getMap('agenda').get(`triage:kpi:${base.ids.goodKpi}`) instanceof Y.Map))) {
    problems.push('the review did not pivot on the KPI far behind plan');
  }
  return problems;
}

function kindsFor(location: PoisonLocation): readonly PoisonKind[] {
  if (location.kinds === 'fixed') return POISON_KINDS.slice(0, 1);
  return location.kinds === 'plain' ? PLAIN_KINDS : POISON_KINDS;
}

describe('poison values in the document', () => {
  it.each(POISON_LOCATIONS.map((location) => [location.name, location] as const))(
    '[H1] [C14] %s, of every kind: every server-side reader answers and the KPI far behind plan still pivots the review',
    (_name, location) => {
      const problems: string[] = [];
      for (const kind of kindsFor(location)) {
        const { doc, watchFailures } = poisonedServerDoc(
          (client) => location.place(client, base.ids, kind),
          ...(location.colleagueWrites ? [(client: Y.Doc) => location.colleagueWrites!(client, base.ids)] : []),
        );
        for (const problem of [...watchFailures, ...problemsOf(readEverything(doc, base.ids), doc, location.pivots)]) {
          problems.push(`${location.kinds === 'fixed' ? 'the fixed payload' : kind.name}: ${problem}`);
        }
        doc.destroy();
      }
      expect(problems).toEqual([]);
    },
  );

  it('[H1] [C14] any mix of poison, including generated values with hostile keys, anywhere at once: every reader and every rule answers', () => {
    const hostileKey = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toString', 'valueOf', 'toJSON', 'constructor', 'then'));
    const generated = fc
      .anything({ key: hostileKey, maxDepth: 4, withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true })
      .map((value): PoisonKind => ({ name: 'generated', make: () => value, plain: true }));
    const kind = fc.oneof(fc.constantFrom(...POISON_KINDS), generated);
    const poison = fc.record({ location: fc.constantFrom(...POISON_LOCATIONS), kind });
    fc.assert(
      fc.property(fc.array(poison, { minLength: 1, maxLength: 6 }), (poisons) => {
        const edits = poisons
          .filter(({ location, kind }) => location.kinds !== 'plain' || kind.plain)
          .map(({ location, kind }) => (client: Y.Doc) => {
            try {
              location.place(client, base.ids, kind);
            } catch {
              // An earlier poison replaced what this one writes into: no client could write it either.
            }
          });
        const { doc, watchFailures } = poisonedServerDoc(...edits);
        const readout = readEverything(doc, base.ids);
        doc.destroy();
        expect([...watchFailures, ...readout.failures]).toEqual([]);
      }),
      { seed: testSeed('poison values'), numRuns: 60 },
    );
  });
});
