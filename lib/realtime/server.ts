import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { getUser } from "@/lib/auth/accounts";
import { userIdFromCookieHeader } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { userRoom, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A cookie-authenticated socket must come from this site, or any page could ride the cookie. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    const originHost = new URL(origin).host;
    const appUrl = env().APP_URL;
    return originHost === host || (appUrl !== undefined && originHost === new URL(appUrl).host);
  } catch {
    return false;
  }
}

/** socket.io on the same HTTP server as Next: staff sockets authenticate with the session cookie. */
export function attachRealtime(httpServer: HttpServer): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR) to their own handler.
    destroyUpgrade: false,
  });

  io.use(async (socket, next) => {
    const { headers } = socket.handshake;
    try {
      if (!sameOrigin(headers.origin, headers.host)) return next(new Error("origin_mismatch"));
      const userId = await userIdFromCookieHeader(headers.cookie);
      if (!userId) return next(new Error("unauthenticated"));
      await getUser(userId);
      socket.data.userId = userId;
      next();
    } catch {
      next(new Error("unauthenticated"));
    }
  });

  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.userId));
    socket.emit("session", { kind: "staff", userId: socket.data.userId });
    logger().debug({ userId: socket.data.userId }, "staff socket connected");
  });

  return io;
}
