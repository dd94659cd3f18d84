/**
 * The floor of ../shared/bench (a bare ws broadcaster that parses nothing and keeps nothing),
 * except that it answers sync step 1 with a blank workspace's whole state, the bytes our server
 * gives a newcomer to a fresh review, instead of an empty update. bench/audience.sh runs it as
 * `floordoc` beside the floor: every client of the large-audience workload parses what it is
 * sent on the load generator's single thread, which shares the machine's two cores with the
 * server, so the floor's "all synced" counts a document of nothing, and this one the same
 * document ours serves. Not a peer to beat; it says how much of our join time is the document's.
 *
 *   PORT=1237 node --import tsx bench/floor-with-document.ts
 */
import * as encoding from 'lib0/encoding';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { initWorkspace } from '../shared/schema/workspace';

const doc = new Y.Doc();
// As long as the load generator's titles (`bench-<pid>-<time>-0`), so the bytes match ours.
initWorkspace(doc, { title: `bench-${process.pid}-${Date.now()}-0` });
const encoder = encoding.createEncoder();
encoding.writeVarUint(encoder, 0); // sync
encoding.writeVarUint(encoder, 1); // step 2
encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
const wholeState = encoding.toUint8Array(encoder);

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ port: Number(process.env.PORT ?? 1237), host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws, request) => {
  const room = request.url ?? '/';
  const peers = rooms.get(room) ?? new Set<WebSocket>();
  rooms.set(room, peers);
  peers.add(ws);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = data as Buffer;
    if (bytes[0] === 0 && bytes[1] === 0) return ws.send(wholeState);
    for (const peer of peers) if (peer !== ws) peer.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    peers.delete(ws);
    if (peers.size === 0) rooms.delete(room);
  });
});
