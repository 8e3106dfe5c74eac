import { eq } from "drizzle-orm";
import type { z, ZodType } from "zod";
import { getDb } from "@/db";
import { contact } from "@/db/schema";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { originStillAllowed } from "@/lib/widget/allowed-origins";
import { acceptVisitorMessage, leaveEmail, visitorFromToken, visitorMessages } from "@/lib/widget/service";
import { conversationRoom, visitorEmail, visitorRoom, visitorSend, visitorSync, visitorTyping, type VisitorData } from "./events";
import { handler as socketHandler, isOwnOrigin, type VisitorSocket } from "./handler";

/**
 * A visitor's socket authenticates with the token the widget session issued. Its Origin must
 * be Parley's own (the widget's frame) or the page the token was issued for, which the business
 * must still allow; anything else gets no session. The token, not the Origin, is the credential:
 * no cookie rides along, so a missing Origin opens nothing another page could abuse.
 */
export async function authenticateVisitor(token: unknown, headers: { origin?: string; host?: string }, ip: string): Promise<VisitorData> {
  if (typeof token !== "string") throw new UnauthenticatedError();
  const claims = await visitorFromToken(token);
  // Browsers always name the origin of a cross-origin request; none means the frame's own polling.
  const origin = headers.origin;
  if (origin && !isOwnOrigin(origin, headers.host) && origin !== claims.origin) throw new ForbiddenError("This website is not allowed to embed the chat.");
  const [row] = await (await getDb()).select({ name: contact.name }).from(contact).where(eq(contact.id, claims.contactId));
  return {
    kind: "visitor",
    businessId: claims.businessId,
    conversationId: claims.conversationId,
    contactId: claims.contactId,
    name: row?.name || "Visitor",
    ip,
    origin: claims.origin,
    expiresAt: claims.exp * 1000,
  };
}

/**
 * A visitor's socket reaches its own conversation and nothing else: every handler acts on the
 * token's conversation. A token that expired, or whose page the business no longer allows, ends
 * the socket at its next event (the widget then asks for a new session).
 */
export function registerVisitorHandlers(socket: VisitorSocket) {
  const visitor = socket.data;
  void socket.join(visitorRoom(visitor.conversationId));
  const stillAllowed = async () => {
    if (visitor.expiresAt > Date.now() && (await originStillAllowed(visitor.businessId, visitor.origin))) return;
    // After the answer has gone out, so the widget learns why.
    setImmediate(() => socket.disconnect(true));
    throw new UnauthenticatedError("The chat session has ended.");
  };
  const handler = <S extends ZodType, T extends object>(event: string, schema: S, run: (input: z.output<S>) => Promise<T>) =>
    socketHandler(socket, event, schema, async (input: z.output<S>) => {
      await stillAllowed();
      return run(input);
    });

  socket.on(
    "visitor:sync",
    handler("visitor:sync", visitorSync, async ({ after }) => {
      const { data, more, state } = await visitorMessages(visitor, after, visitor.ip);
      return { messages: data, more, state };
    }),
  );
  socket.on(
    "visitor:send",
    handler("visitor:send", visitorSend, (input) => acceptVisitorMessage(visitor, input, visitor.ip)),
  );
  socket.on(
    "visitor:typing",
    handler("visitor:typing", visitorTyping, async ({ typing }) => {
      announceTyping(typing);
      return {};
    }),
  );
  // A visitor who closes the page while typing stops typing.
  let typingNow = false;
  function announceTyping(typing: boolean) {
    typingNow = typing;
    socket.to(conversationRoom(visitor.conversationId)).emit("typing", { conversationId: visitor.conversationId, userId: `contact:${visitor.contactId}`, name: visitor.name, typing });
  }
  socket.on("disconnect", () => typingNow && announceTyping(false));
  socket.on(
    "visitor:email",
    handler("visitor:email", visitorEmail, async ({ email }) => ({ state: await leaveEmail(visitor, email, visitor.ip) })),
  );
}
