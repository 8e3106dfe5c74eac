import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { getUser } from "@/lib/auth/accounts";
import { userIdFromCookieHeader } from "@/lib/auth/session";
import { ForbiddenError, isAppError, UnauthenticatedError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-ip";
import { logger } from "@/lib/observability/logger";
import { redis } from "@/lib/redis";
import { userRoom } from "./events";
import { forwardEngineEvents } from "./forward";
import { isOwnOrigin, type AnySocket, type RealtimeServer, type StaffSocket, type VisitorSocket } from "./handler";
import { registerStaffRealtime } from "./presence";
import { registerStaffHandlers, staffInConsole } from "./staff";
import { authenticateVisitor, registerVisitorHandlers } from "./visitor";

export type { RealtimeServer } from "./handler";

/**
 * Who a socket is: a visitor by the token in its handshake's `auth`, or a staff member by the
 * session cookie (which must come from this site, or any page could ride the cookie).
 */
async function authenticate(socket: AnySocket): Promise<AnySocket["data"]> {
  const { headers, auth, address } = socket.handshake;
  if (auth && "visitorToken" in auth) return authenticateVisitor(auth.visitorToken, headers, clientAddress(headers, address));
  if (!isOwnOrigin(headers.origin, headers.host)) throw new ForbiddenError();
  const userId = await userIdFromCookieHeader(headers.cookie);
  if (!userId) throw new UnauthenticatedError();
  const user = await getUser(userId);
  return { kind: "staff", userId, name: user.name };
}

/** socket.io on the same HTTP server as Next, for staff (the console) and visitors (the widget). */
export function attachRealtime(httpServer: HttpServer): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    // Same-origin only for staff; visitors' origins are checked against the business's allowed ones.
    cors: { origin: false },
    serveClient: false,
    destroyUpgrade: false,
  });

  // Several instances behind a load balancer share rooms through Redis; one instance needs none.
  const pub = redis();
  if (pub) io.adapter(createAdapter(pub, pub.duplicate()));

  io.use((socket, next) => {
    authenticate(socket).then(
      (data) => {
        socket.data = data;
        next();
      },
      // The client learns one of two codes: a page that may not connect, or a credential that does not hold.
      (error: unknown) => next(new Error(isAppError(error) && error.code === "forbidden" ? "origin_mismatch" : "unauthenticated")),
    );
  });

  io.on("connection", (socket) => {
    if (socket.data.kind === "visitor") {
      registerVisitorHandlers(socket as VisitorSocket);
      socket.emit("session", { kind: "visitor", conversationId: socket.data.conversationId });
      return;
    }
    const staff = socket as StaffSocket;
    void staff.join(userRoom(staff.data.userId));
    registerStaffHandlers(io, staff);
    staff.emit("session", { kind: "staff", userId: staff.data.userId });
    logger().debug({ userId: staff.data.userId }, "staff socket connected");
  });

  registerStaffRealtime({
    online: (businessId) => staffInConsole(io, businessId),
    // The console connects again when the server ends its socket (use-staff-socket.ts), through the handshake's checks.
    reconnect: (userId) => io.in(userRoom(userId)).disconnectSockets(true),
  });
  // io.close() closes the HTTP server too: the engine bus and the presence are let go with it.
  const stopForwarding = forwardEngineEvents(io);
  httpServer.once("close", () => {
    stopForwarding();
    registerStaffRealtime(undefined);
  });
  return io;
}
