import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachRealtime, type RealtimeServer } from "@/lib/realtime/server";
import { makeUser, type TestUser } from "./helpers";

let http: Server;
let realtime: RealtimeServer;
let url: string;
let staff: TestUser;

beforeAll(async () => {
  http = createServer();
  realtime = attachRealtime(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  staff = await makeUser("staff");
});

afterAll(async () => {
  await realtime.close();
});

/** Resolves with the session payload, or rejects with the handshake's error message. */
function handshake(headers: Record<string, string>): Promise<{ userId: string }> {
  const socket: Socket = connect(url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.on("session", (payload: { userId: string }) => {
      socket.close();
      resolve(payload);
    });
    socket.on("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

describe("staff sockets", () => {
  it("authenticate with the session cookie from this site", async () => {
    await expect(handshake({ cookie: staff.cookie, origin: url })).resolves.toEqual({ kind: "staff", userId: staff.id });
  });

  it("are refused without a valid session", async () => {
    await expect(handshake({ origin: url })).rejects.toThrow("unauthenticated");
    await expect(handshake({ cookie: "authjs.session-token=forged", origin: url })).rejects.toThrow("unauthenticated");
  });

  it("are refused from another site even with the cookie", async () => {
    await expect(handshake({ cookie: staff.cookie, origin: "https://evil.example" })).rejects.toThrow("origin_mismatch");
  });
});
