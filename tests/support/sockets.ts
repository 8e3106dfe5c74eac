import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { attachRealtime } from "@/lib/realtime/server";

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The socket server on its own HTTP server on a free loopback port, and every socket a test opens. */
export async function startRealtime() {
  const http = createServer();
  const realtime = attachRealtime(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const open: Client[] = [];

  /** Connects and waits for the session, or rejects with the handshake's error code. */
  async function socket(options: { cookie?: string; origin?: string; visitorToken?: string }): Promise<Client> {
    const client: Client = connect(url, {
      transports: ["websocket"],
      extraHeaders: { origin: options.origin ?? url, ...(options.cookie ? { cookie: options.cookie } : {}) },
      ...(options.visitorToken !== undefined ? { auth: { visitorToken: options.visitorToken } } : {}),
      reconnection: false,
      forceNew: true,
    });
    open.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once("session", () => resolve());
      client.once("connect_error", reject);
    });
    return client;
  }

  return {
    url,
    realtime,
    staffSocket: (who: { cookie: string }) => socket({ cookie: who.cookie }),
    visitorSocket: (visitorToken: string, origin?: string) => socket({ visitorToken, origin }),
    closeSockets: () => {
      for (const client of open.splice(0)) client.close();
    },
    stop: () => realtime.close(),
  };
}

/** Emits a request and resolves with its ack. */
/** The acknowledgement an event is answered with. */
type AckOf<E extends keyof ClientToServerEvents> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];

export function request<E extends keyof ClientToServerEvents>(socket: Client, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<AckOf<E>> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (a: AckOf<E>) => void) => void)(event, payload, resolve);
  });
}

/** Collects the events of one name a socket receives. */
export function collect<E extends keyof ServerToClientEvents>(socket: Client, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  (socket.on as (e: string, fn: (p: Parameters<ServerToClientEvents[E]>[0]) => void) => void)(event, (payload) => seen.push(payload));
  return seen;
}
