/**
 * WebSocket close codes the server uses, by name. Standard codes where one fits (RFC 6455 §7.4.1),
 * and the 4000–4999 range for the refusals the protocol has no code for. In shared/ because the
 * client reads them too. The stock y-websocket provider reconnects after any of them but 4401 (it
 * stops after any code from 4400 to 4499, which mirror HTTP's 4xx): a fresh connection starts from
 * a clean sync (after 4303, in the role it now has). Our client also stops after a change refused on two
 * sockets in a row, which a clean sync would resend (SPEC U41).
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
  /** One update would cost more work (structs, delete ranges, values, length, type nesting) than any real workspace needs (H3). */
  updateOverBudget: 4002,
  /** Too many updates wait in the room for predecessors this connection never sent (H4), or a new shared type sits in or beside content the room lacks (H3). */
  heldBackLimit: 4003,
  /** A presence state over the size limit (H6). */
  presenceTooLarge: 4004,
  /** Presence messages far faster than a person can move (H6). */
  presenceRate: 4005,
  /** The connection wrote with a Yjs client id that another live connection writes with (H12). */
  clientIdInUse: 4006,
  /** The workspace or the caller's address has as many connections as it may (H7). */
  tooManyConnections: 4007,
  /**
   * The credential the connection was let in with ended: the member was removed, the link was
   * replaced, or the session was logged out (SPEC A4, A5). The reason is a sentence for the person,
   * saying whom to ask. Reconnecting with the same credential is refused with 401.
   */
  accessEnded: 4401,
  /**
   * The member's role in the workspace changed (SPEC A17): the connection may come back at once,
   * and its credential now grants the new role (HTTP's 303, "see other", moved out of the range
   * the stock provider gives up on). The reason is a sentence for the person.
   */
  roleChanged: 4303,
} as const;

