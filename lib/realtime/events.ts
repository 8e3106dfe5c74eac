/**
 * Socket events, typed once for the server and every client. Later issues add the
 * conversation events; each is documented in docs/realtime.md.
 */
export interface ServerToClientEvents {
  /** Sent once after a successful handshake: who the socket is authenticated as. */
  session: (payload: { kind: "staff"; userId: string }) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the conversation events arrive with the live console issue
export interface ClientToServerEvents {}

export type SocketData = { userId: string };

/** Rooms: one per staff user, so their own tabs can be told about changes to their account. */
export const userRoom = (userId: string) => `user:${userId}`;
