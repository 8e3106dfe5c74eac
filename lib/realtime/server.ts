import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server, type Socket } from "socket.io";
import type { z, ZodType } from "zod";
import { getUser } from "@/lib/auth/accounts";
import { userActor } from "@/lib/auth/actor";
import { userIdFromCookieHeader } from "@/lib/auth/session";
import { getConversation, toMessageView } from "@/lib/conversations/service";
import { postNote, postStaffMessage } from "@/lib/conversations/staff";
import { engineEvents, type EngineEvent } from "@/lib/engine/events";
import { env } from "@/lib/env";
import { isAppError, NotFoundError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { redis } from "@/lib/redis";
import { businessAccess } from "@/lib/tenancy/access";
import {
  businessRoom,
  consoleJoin,
  conversationJoin,
  conversationLeave,
  conversationRoom,
  DELTA_BATCH_MS,
  staffSend,
  toLiveConversation,
  typingInput,
  userRoom,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type Viewer,
} from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type StaffSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

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

/**
 * Wraps a client→server handler: parses the payload with zod, runs it, and answers the ack with
 * its result or an error code. Details of unexpected errors stay in the log.
 */
function handler<S extends ZodType, T extends object>(socket: StaffSocket, event: string, schema: S, run: (input: z.output<S>) => Promise<T>) {
  return (payload: unknown, ack?: (answer: Ack<T>) => void) => {
    const answer = typeof ack === "function" ? ack : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return answer({ ok: false, code: "validation_failed" });
    run(parsed.data).then(
      (result) => answer({ ok: true, ...result }),
      (error: unknown) => {
        const code: ErrorCode = isAppError(error) ? error.code : "internal";
        if (code === "internal") logger().error({ err: error, event, userId: socket.data.userId }, "socket handler failed");
        answer({ ok: false, code });
      },
    );
  };
}

/** The staff in a conversation's room, once each however many tabs they have open (across instances). */
async function viewersOf(io: RealtimeServer, conversationId: string, leaving?: string): Promise<Viewer[]> {
  const sockets = await io.in(conversationRoom(conversationId)).fetchSockets();
  const byUser = new Map<string, Viewer>();
  for (const s of sockets) if (s.id !== leaving) byUser.set(s.data.userId, { userId: s.data.userId, name: s.data.name });
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function announceViewers(io: RealtimeServer, conversationId: string, leaving?: string): Promise<Viewer[]> {
  const viewers = await viewersOf(io, conversationId, leaving);
  io.to(conversationRoom(conversationId)).emit("viewers", { conversationId, viewers });
  return viewers;
}

const conversationIdOf = (room: string) => (room.startsWith("conversation:") ? room.slice("conversation:".length) : null);

/**
 * Forwards the engine's events to the rooms: stored messages and state changes to the business
 * and conversation rooms, streamed text to the conversation room only, gathered per message for
 * DELTA_BATCH_MS so a reply is a handful of emits rather than one per token. Returns the unsubscribe.
 */
export function forwardEngineEvents(io: RealtimeServer): () => void {
  const pending = new Map<string, { conversationId: string; replyTo: number; text: string; timer: NodeJS.Timeout }>();
  const flush = (messageId: string) => {
    const batch = pending.get(messageId);
    if (!batch) return;
    clearTimeout(batch.timer);
    pending.delete(messageId);
    io.to(conversationRoom(batch.conversationId)).emit("conversation:delta", { conversationId: batch.conversationId, messageId, replyTo: batch.replyTo, text: batch.text });
  };
  const listener = (event: EngineEvent) => {
    const rooms = [businessRoom(event.businessId), conversationRoom(event.conversationId)];
    if (event.type === "delta") {
      const batch = pending.get(event.messageId);
      if (batch) batch.text += event.delta;
      else pending.set(event.messageId, { conversationId: event.conversationId, replyTo: event.replyTo, text: event.delta, timer: setTimeout(() => flush(event.messageId), DELTA_BATCH_MS) });
    } else if (event.type === "message") {
      // Text still gathered for this message goes first, so the final version lands last.
      flush(event.message.id);
      io.to(rooms).emit("conversation:message", { conversationId: event.conversationId, message: toMessageView(event.message) });
    } else {
      io.to(rooms).emit("conversation:updated", { conversationId: event.conversationId, conversation: toLiveConversation(event.conversation) });
    }
  };
  engineEvents().on("event", listener);
  return () => {
    engineEvents().off("event", listener);
    for (const id of [...pending.keys()]) flush(id);
  };
}

function registerHandlers(io: RealtimeServer, socket: StaffSocket) {
  const actor = userActor(socket.data.userId);

  socket.on(
    "console:join",
    handler(socket, "console:join", consoleJoin, async ({ businessId }) => {
      await businessAccess(actor, { id: businessId }, "conversations.read");
      await socket.join(businessRoom(businessId));
      return {};
    }),
  );
  socket.on(
    "console:leave",
    handler(socket, "console:leave", consoleJoin, async ({ businessId }) => {
      await socket.leave(businessRoom(businessId));
      return {};
    }),
  );
  socket.on(
    "conversation:join",
    handler(socket, "conversation:join", conversationJoin, async ({ businessId, conversationId }) => {
      // Not in this business, or not the caller's business: the same not_found.
      await getConversation(actor, businessId, conversationId);
      await socket.join(conversationRoom(conversationId));
      return { viewers: await announceViewers(io, conversationId) };
    }),
  );
  socket.on(
    "conversation:leave",
    handler(socket, "conversation:leave", conversationLeave, async ({ conversationId }) => {
      if (!socket.rooms.has(conversationRoom(conversationId))) return {};
      await socket.leave(conversationRoom(conversationId));
      await announceViewers(io, conversationId);
      return {};
    }),
  );
  socket.on(
    "typing",
    handler(socket, "typing", typingInput, async ({ conversationId, typing }) => {
      // Only a socket the room admitted may speak in it.
      if (!socket.rooms.has(conversationRoom(conversationId))) throw new NotFoundError("conversation");
      socket.to(conversationRoom(conversationId)).emit("typing", { conversationId, userId: socket.data.userId, name: socket.data.name, typing });
      return {};
    }),
  );
  socket.on(
    "staff:send",
    handler(socket, "staff:send", staffSend, async ({ businessId, conversationId, kind, content, clientMessageId }) => {
      const post = kind === "reply" ? postStaffMessage : postNote;
      const { message, duplicate } = await post(actor, businessId, conversationId, { content, clientMessageId });
      return { message, duplicate };
    }),
  );
  socket.on("disconnecting", () => {
    for (const room of socket.rooms) {
      const conversationId = conversationIdOf(room);
      if (conversationId) void announceViewers(io, conversationId, socket.id).catch(() => {});
    }
  });
}

/** socket.io on the same HTTP server as Next: staff sockets authenticate with the session cookie. */
export function attachRealtime(httpServer: HttpServer): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    // Leave other upgrade requests (Next's dev HMR) to their own handler.
    destroyUpgrade: false,
  });

  // Several instances behind a load balancer share rooms through Redis; one instance needs none.
  const pub = redis();
  if (pub) io.adapter(createAdapter(pub, pub.duplicate()));

  io.use(async (socket, next) => {
    const { headers } = socket.handshake;
    try {
      if (!sameOrigin(headers.origin, headers.host)) return next(new Error("origin_mismatch"));
      const userId = await userIdFromCookieHeader(headers.cookie);
      if (!userId) return next(new Error("unauthenticated"));
      const user = await getUser(userId);
      socket.data.userId = userId;
      socket.data.name = user.name;
      next();
    } catch {
      next(new Error("unauthenticated"));
    }
  });

  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.userId));
    registerHandlers(io, socket);
    socket.emit("session", { kind: "staff", userId: socket.data.userId });
    logger().debug({ userId: socket.data.userId }, "staff socket connected");
  });

  // io.close() closes the HTTP server too: the engine bus is let go with it.
  httpServer.once("close", forwardEngineEvents(io));
  return io;
}
