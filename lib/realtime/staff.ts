import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation } from "@/db/schema";
import { userActor } from "@/lib/auth/actor";
import { getConversation, messagesAfter } from "@/lib/conversations/service";
import { postNote, postStaffMessage } from "@/lib/conversations/staff";
import { NotFoundError } from "@/lib/errors";
import { businessAccess } from "@/lib/tenancy/access";
import { firstName } from "@/lib/widget/visitor-view";
import { businessRoom, consoleJoin, conversationJoin, conversationLeave, conversationRoom, staffSend, typingInput, visitorRoom, type Viewer } from "./events";
import { handler, type RealtimeServer, type StaffSocket } from "./handler";

/** The staff in a conversation's room, once each however many tabs they have open (across instances). */
async function viewersOf(io: RealtimeServer, conversationId: string, leaving?: string): Promise<Viewer[]> {
  const sockets = await io.in(conversationRoom(conversationId)).fetchSockets();
  const byUser = new Map<string, Viewer>();
  for (const s of sockets) if (s.id !== leaving && s.data.kind === "staff") byUser.set(s.data.userId, { userId: s.data.userId, name: s.data.name });
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function announceViewers(io: RealtimeServer, conversationId: string, leaving?: string): Promise<Viewer[]> {
  const viewers = await viewersOf(io, conversationId, leaving);
  io.to(conversationRoom(conversationId)).emit("viewers", { conversationId, viewers });
  return viewers;
}

/** Whether any staff member has the business's console open, on any instance. */
export async function staffInConsole(io: RealtimeServer, businessId: string): Promise<boolean> {
  return (await io.in(businessRoom(businessId)).fetchSockets()).length > 0;
}

/** Whether a staff member has this conversation open: what the visitor wrote is seen. */
export async function conversationWatched(io: RealtimeServer, conversationId: string): Promise<boolean> {
  return (await io.in(conversationRoom(conversationId)).fetchSockets()).length > 0;
}

/** Messages per join answer: a console catching up after a long disconnect asks again while `more`. */
const JOIN_PAGE = 200;

const conversationIdOf = (room: string) => (room.startsWith("conversation:") ? room.slice("conversation:".length) : null);

export function registerStaffHandlers(io: RealtimeServer, socket: StaffSocket) {
  const actor = userActor(socket.data.userId);
  // The conversations this socket is typing in: leaving one, or going away, stops it.
  const typingIn = new Set<string>();
  const announceTyping = (conversationId: string, typing: boolean) => {
    if (typing) typingIn.add(conversationId);
    else typingIn.delete(conversationId);
    socket.to(conversationRoom(conversationId)).emit("typing", { conversationId, userId: socket.data.userId, name: socket.data.name, typing });
    io.to(visitorRoom(conversationId)).emit("visitor:typing", { name: firstName(socket.data.name), typing });
  };

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
    handler(socket, "conversation:join", conversationJoin, async ({ businessId, conversationId, after }) => {
      // Not in this business, or not the caller's business: the same not_found.
      await getConversation(actor, businessId, conversationId);
      await socket.join(conversationRoom(conversationId));
      // Read again once in the room: what was stored before the join comes here, what follows as events.
      const [current, { data: messages, more }] = await Promise.all([
        getConversation(actor, businessId, conversationId),
        messagesAfter(actor, businessId, conversationId, after, JOIN_PAGE),
      ]);
      // A staff member opening the conversation has seen what the visitor wrote so far.
      const [seen] = await (await getDb()).select({ seq: conversation.lastSeq }).from(conversation).where(eq(conversation.id, conversationId));
      if (seen) io.to(visitorRoom(conversationId)).emit("visitor:seen", { seq: seen.seq });
      return { viewers: await announceViewers(io, conversationId), conversation: current, messages, more };
    }),
  );
  socket.on(
    "conversation:leave",
    handler(socket, "conversation:leave", conversationLeave, async ({ conversationId }) => {
      if (!socket.rooms.has(conversationRoom(conversationId))) return {};
      if (typingIn.has(conversationId)) announceTyping(conversationId, false);
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
      announceTyping(conversationId, typing);
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
    for (const conversationId of typingIn) announceTyping(conversationId, false);
    for (const room of socket.rooms) {
      const conversationId = conversationIdOf(room);
      if (conversationId) void announceViewers(io, conversationId, socket.id).catch(() => {});
    }
  });
}
