/**
 * A soak, not a test (issue 8): the server as `npm start` runs it, in its own process, under
 *   1. kill cycles: writers stream edits, an observer records what it received, the server is
 *      killed with SIGKILL mid-stream and restarted on the same data directory, and a fresh
 *      client checks that everything the observer had received is still there;
 *   2. mutated frames: raw sockets send seeded mutations of real y-websocket messages while a
 *      stock client keeps editing and an observer checks its edits keep arriving.
 * It prints edits, losses, crashes (a server that exits by itself or fails to start), the
 * worst event-loop stall (/metrics) and peak RSS (VmHWM) per phase; it exits 1 unless losses
 * and crashes are both 0.
 *
 *   npm run soak        SOAK_CYCLES=100  SOAK_FRAMES=100000  THROUGHLINE_SEED=<n>
 */
import { readFileSync, rmSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { spawnServer, type ChildServer } from '../test/integration/support/child-server';
import { connectSynced, waitFor, type Client } from '../test/integration/support/clients';
import { ADMIN_TOKEN, createWorkspace, tempDataDir } from '../test/integration/support/test-server';
import { seededRandom, testSeed } from '../test/support/random';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 100);
const FRAMES = Number(process.env.SOAK_FRAMES ?? 100_000);
const FUZZ_SOCKETS = 4;
const seed = testSeed('soak');
const random = seededRandom(seed);
const int = (below: number) => Math.floor(random() * below);

interface PhaseReport {
  edits: number;
  observed: number;
  losses: number;
  crashes: number;
  stallMs: number;
  peakRssMb: number;
  extra: string[];
}

const wsOf = (child: ChildServer) => `${child.url.replace('http', 'ws')}/ws`;

/** Worst event-loop delay and RSS from /metrics, and the process's peak RSS from /proc. */
async function sample(child: ChildServer, report: PhaseReport): Promise<void> {
  try {
    const response = await fetch(`${child.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const text = await response.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    report.stallMs = Math.max(report.stallMs, value('throughline_event_loop_delay_max_seconds') * 1000);
    report.peakRssMb = Math.max(report.peakRssMb, value('throughline_resident_memory_bytes') / 2 ** 20);
  } catch {
    // A server that does not answer is counted by its exit, not here.
  }
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.process.pid}/status`, 'utf8'));
    if (hwm) report.peakRssMb = Math.max(report.peakRssMb, Number(hwm[1]) / 1024);
  } catch {
    // No /proc (not Linux): the /metrics RSS stands.
  }
}

/** Keys of the `edits` map and ‹tokens› appended to the `notes` text: the edits to account for. */
function editsIn(doc: Y.Doc): string[] {
  return [...doc.getMap('edits').keys(), ...(doc.getText('notes').toString().match(/‹[^›]*›/g) ?? [])];
}

function write(doc: Y.Doc, id: string): number {
  doc.getMap('edits').set(id, id.length);
  const notes = doc.getText('notes');
  notes.insert(notes.length, `‹${id}›`);
  return 2;
}

/** Starts a child server, counting a start that fails as a crash and retrying twice. */
async function start(dataDir: string, report: PhaseReport, watch: { killing: boolean }): Promise<ChildServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      // Every fuzzing socket comes from 127.0.0.1 into one workspace, and one the server closed
      // holds its slot for the second it is given to answer: the caps would refuse most of the run.
      const child = await spawnServer(dataDir, 0, {
        THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS: '10000',
        THROUGHLINE_MAX_CONNECTIONS_PER_WORKSPACE: '10000',
      });
      void child.exited.then((code) => {
        if (watch.killing) return;
        report.crashes++;
        console.error(`server exited by itself (code ${code}):\n${child.output().slice(-4000)}`);
      });
      return child;
    } catch (error) {
      report.crashes++;
      console.error(`server failed to start: ${(error as Error).message.slice(-4000)}`);
      if (attempt >= 2) throw error;
    }
  }
}

async function killCycles(dataDir: string): Promise<PhaseReport> {
  const report: PhaseReport = { edits: 0, observed: 0, losses: 0, crashes: 0, stallMs: 0, peakRssMb: 0, extra: [] };
  let watch = { killing: false };
  let child = await start(dataDir, report, watch);
  const workspace = await createWorkspace(child.url, 'Soak: kill cycles');
  const seen = new Set<string>();
  const started = Date.now();
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const wsUrl = wsOf(child);
    const writers: Client[] = [];
    for (let w = 0, n = 2 + int(2); w < n; w++) writers.push(await connectSynced(wsUrl, workspace.id, workspace.tokens.editor));
    const observer = await connectSynced(wsUrl, workspace.id, workspace.tokens.viewer);
    let tick = 0;
    const stream = setInterval(() => {
      for (const [w, writer] of writers.entries()) report.edits += write(writer.doc, `c${cycle}w${w}n${tick}`);
      tick++;
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 250 + int(400)));
    await sample(child, report);
    watch.killing = true;
    child.process.kill('SIGKILL');
    await child.exited;
    clearInterval(stream);
    // What the observer holds came from the server before it died. Stop every client before the
    // restart, so none of them can resend what the server may have lost.
    for (const id of editsIn(observer.doc)) {
      if (seen.has(id)) continue;
      seen.add(id);
      report.observed++;
    }
    for (const client of [...writers, observer]) client.destroy();

    watch = { killing: false };
    child = await start(dataDir, report, watch);
    const fresh = await connectSynced(wsOf(child), workspace.id, workspace.tokens.viewer);
    const recovered = new Set(editsIn(fresh.doc));
    const lost = [...seen].filter((id) => !recovered.has(id));
    fresh.destroy();
    report.losses += lost.length;
    if (lost.length > 0) console.error(`cycle ${cycle}: lost ${lost.length}, e.g. ${lost.slice(0, 5).join(' ')}`);
    if ((cycle + 1) % Math.max(1, Math.floor(CYCLES / 10)) === 0) console.log(`  [${Math.round((Date.now() - started) / 1000)} s] kill cycle ${cycle + 1}/${CYCLES}: ${report.edits} edits, ${report.observed} observed, ${report.losses} lost`);
  }
  await sample(child, report);
  watch.killing = true;
  child.process.kill('SIGKILL');
  await child.exited;
  return report;
}

// ---- Mutated frames ----

/** Real y-websocket messages: sync step 1 and 2, updates from an editing session, awareness. */
function corpus(): Uint8Array[] {
  const doc = new Y.Doc();
  const messages: Uint8Array[] = [];
  const message = (build: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    build(encoder);
    messages.push(encoding.toUint8Array(encoder));
  };
  doc.on('update', (update: Uint8Array) =>
    message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
    }),
  );
  message((e) => {
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, doc);
  });
  const map = doc.getMap('edits');
  const text = doc.getText('notes');
  const list = doc.getArray<Y.Map<unknown>>('items');
  for (let i = 0; i < 40; i++) {
    map.set(`fuzz-${i}`, i % 3 === 0 ? { nested: [i, 'x', null, true] } : `value ${i}`);
    text.insert(int(text.length + 1), `word${i} `);
    if (i % 5 === 0) text.delete(0, Math.min(3, text.length));
    const item = new Y.Map<unknown>();
    item.set('title', `item ${i}`);
    list.push([item]);
    if (i % 7 === 0) map.delete(`fuzz-${i - 1}`);
  }
  text.insert(0, 'long '.repeat(1000));
  message((e) => {
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep2(e, doc);
  });
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'fuzz', color: '#123456' }, cursor: { anchor: 3, head: 9 } });
  message((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  });
  message((e) => encoding.writeVarUint(e, 3));
  awareness.destroy();
  return messages;
}

/** One seeded mutation (sometimes two or three stacked) of a real message. */
function mutate(frames: Uint8Array[]): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(frames[int(frames.length)]!);
  for (let n = 1 + (random() < 0.2 ? 1 + int(2) : 0); n > 0; n--) bytes = mutateOnce(bytes, frames);
  return bytes;
}

function mutateOnce(bytes: Uint8Array, frames: Uint8Array[]): Uint8Array {
  const at = int(bytes.length + 1);
  switch (int(7)) {
    case 0: {
      const out = Uint8Array.from(bytes);
      for (let flips = 1 + int(4); flips > 0 && out.length > 0; flips--) out[int(out.length)]! ^= 1 << int(8);
      return out;
    }
    case 1: {
      const inserted = Array.from({ length: 1 + int(8) }, () => int(256));
      return Uint8Array.from([...bytes.subarray(0, at), ...inserted, ...bytes.subarray(at)]);
    }
    case 2:
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + int(8))]);
    case 3:
      return bytes.slice(0, at);
    case 4:
      return changeLengthPrefix(bytes);
    case 5: {
      const other = frames[int(frames.length)]!;
      return Uint8Array.from([...bytes.subarray(0, at), ...other.subarray(int(other.length + 1))]);
    }
    default: {
      // A varuint anywhere rewritten to an extreme: counts and lengths inside the payload.
      const extreme = [0, 1, 0x7f, 0x80, 0x3fff, 0xffffffff, 2 ** 40][int(7)]!;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, extreme);
      return Uint8Array.from([...bytes.subarray(0, at), ...encoding.toUint8Array(encoder), ...bytes.subarray(at + 1)]);
    }
  }
}

/** Rewrites one of the leading varuints (message type, sync step, payload length) with a nearby or absurd value. */
function changeLengthPrefix(bytes: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(bytes);
  const starts: Array<{ start: number; end: number; value: number }> = [];
  try {
    for (let i = 0; i < 3 && decoding.hasContent(decoder); i++) {
      const start = decoder.pos;
      const value = decoding.readVarUint(decoder);
      starts.push({ start, end: decoder.pos, value });
    }
  } catch {
    // Fewer than three readable varuints: change one of those that were read.
  }
  if (starts.length === 0) return bytes;
  const target = starts[int(starts.length)]!;
  const choices = [0, target.value + 1, Math.max(0, target.value - 1), target.value * 2 + 1, 0xffffffff, int(1 << 20)];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, choices[int(choices.length)]!);
  return Uint8Array.from([...bytes.subarray(0, target.start), ...encoding.toUint8Array(encoder), ...bytes.subarray(target.end)]);
}

async function mutatedFrames(dataDir: string): Promise<PhaseReport & { frames: number; closes: Map<string, number> }> {
  const report = { edits: 0, observed: 0, losses: 0, crashes: 0, stallMs: 0, peakRssMb: 0, extra: [] as string[], frames: 0, closes: new Map<string, number>() };
  const watch = { killing: false };
  const child = await start(dataDir, report, watch);
  const workspace = await createWorkspace(child.url, 'Soak: mutated frames');
  const wsUrl = wsOf(child);
  const editor = await connectSynced(wsUrl, workspace.id, workspace.tokens.editor);
  const observer = await connectSynced(wsUrl, workspace.id, workspace.tokens.viewer);
  let editorDrops = 0;
  editor.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') editorDrops++;
  });
  const written: string[] = [];
  let lastArrival = Date.now();
  let worstGap = 0;
  observer.doc.getMap('edits').observe((event) => {
    const now = Date.now();
    worstGap = Math.max(worstGap, now - lastArrival);
    lastArrival = now;
    report.observed += event.keysChanged.size;
  });
  let n = 0;
  const stream = setInterval(() => {
    const id = `e${n++}`;
    written.push(id);
    report.edits += write(editor.doc, id);
  }, 20);

  const frames = corpus();
  const tally = (code: string) => report.closes.set(code, (report.closes.get(code) ?? 0) + 1);
  const started = Date.now();
  let nextLog = Math.max(1, Math.floor(FRAMES / 10));
  const fuzzer = async () => {
    while (report.frames < FRAMES && !child.process.exitCode && child.process.signalCode === null) {
      const socket = new WebSocket(`${wsUrl}/${workspace.id}?token=${workspace.tokens.editor}`, { perMessageDeflate: false });
      let closed = false;
      let wake = () => {};
      socket.on('error', () => {});
      socket.on('unexpected-response', (_request, response) => {
        tally(`http ${response.statusCode}`);
        closed = true;
        socket.terminate();
        wake();
      });
      socket.on('close', (code) => {
        if (!closed) tally(String(code));
        closed = true;
        wake();
      });
      socket.on('pong', () => wake());
      // The server pauses a socket it closes and ends it a second later; a client that has
      // its close frame (CLOSING) need not wait for that: terminating reports the same code.
      const closing = setInterval(() => {
        if (socket.readyState === WebSocket.CLOSING) socket.terminate();
      }, 1);
      await new Promise<void>((resolve) => {
        wake = resolve;
        socket.on('open', () => resolve());
      });
      // One frame at a time: the pong after it says the server read it and kept the socket.
      while (!closed && report.frames < FRAMES) {
        report.frames++;
        const done = new Promise<void>((resolve) => (wake = resolve));
        socket.send(mutate(frames));
        socket.ping();
        await done;
        if (report.frames >= nextLog) {
          nextLog += Math.max(1, Math.floor(FRAMES / 10));
          console.log(`  frames ${report.frames}/${FRAMES} (${Math.round((Date.now() - started) / 1000)} s)`);
        }
      }
      if (!closed) {
        closed = true; // Our own close (1005) is not the server's: not tallied.
        socket.close();
        await new Promise<void>((resolve) => (wake = resolve));
      }
      clearInterval(closing);
    }
  };
  await Promise.all(Array.from({ length: FUZZ_SOCKETS }, fuzzer));
  clearInterval(stream);
  report.extra.push(`frames/s ${Math.round(report.frames / ((Date.now() - started) / 1000))}`);

  // Every edit the stock editor wrote must reach the observer and a fresh client.
  const writtenIds = [...written.flatMap((id) => [id, `‹${id}›`])];
  await waitFor('the observer to catch up', () => editsIn(observer.doc).length >= writtenIds.length, 15_000).catch(() => {});
  const fresh = await connectSynced(wsUrl, workspace.id, workspace.tokens.viewer);
  const present = new Set(editsIn(fresh.doc));
  report.losses = writtenIds.filter((id) => !present.has(id)).length;
  report.observed = editsIn(observer.doc).filter((id) => /^‹?e\d+›?$/.test(id)).length;
  report.extra.push(`worst gap between edits reaching the observer ${worstGap} ms`, `editor disconnects ${editorDrops}`);
  for (const client of [editor, observer, fresh]) client.destroy();
  await sample(child, report);
  watch.killing = true;
  child.process.kill('SIGKILL');
  await child.exited;
  return report;
}

const dataDir = tempDataDir();
let failed = false;
try {
  console.log(`== kill cycles: ${CYCLES}`);
  const kill = await killCycles(dataDir);
  console.log(`== mutated frames: ${FRAMES}`);
  const fuzz = await mutatedFrames(dataDir);
  const line = (label: string, r: PhaseReport) =>
    `${label}: edits written ${r.edits}, edits observed ${r.observed}, losses ${r.losses}, crashes ${r.crashes}, ` +
    `worst event-loop stall ${r.stallMs.toFixed(1)} ms, peak RSS ${r.peakRssMb.toFixed(1)} MB`;
  console.log(`\n== soak report (seed ${seed}; replay with THROUGHLINE_SEED=${seed})`);
  console.log(line(`kill cycles (${CYCLES})`, kill));
  console.log(line('mutated frames', fuzz));
  const closes = [...fuzz.closes].sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => `${code}: ${count}`);
  console.log(`  frames sent ${fuzz.frames}; closes by code: ${closes.join(', ') || 'none'}`);
  for (const extra of fuzz.extra) console.log(`  ${extra}`);
  failed = kill.losses + kill.crashes + fuzz.losses + fuzz.crashes > 0;
  console.log(failed ? 'FAIL: losses or crashes are not 0' : 'OK: no losses, no crashes');
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
