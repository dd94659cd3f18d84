/**
 * WebSocket close codes the server uses, by name. Standard codes where one fits (RFC 6455 §7.4.1);
 * the stock y-websocket provider reconnects after any of them, which is what every case wants:
 * a fresh connection starts from a clean sync.
 */
export const CloseCode = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** A text frame: the protocol is binary only. */
  unsupportedData: 1003,
  /** A frame that does not decode as a y-websocket message, or an update that does not apply. */
  invalidPayload: 1007,
  /** A frame over the payload limit (sent by `ws` itself when `maxPayload` is exceeded). */
  messageTooBig: 1009,
  /** The room could not store an update; the client keeps its edits and resends them on reconnect. */
  storageUnavailable: 1011,
  /** No pong within the keep-alive timeout. */
  keepAliveTimeout: 4000,
  /** The client stopped reading and too much is queued for it; it resyncs on reconnect. */
  clientTooSlow: 4001,
} as const;
