import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { contact } from "@/db/schema";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { acceptVisitorMessage, leaveEmail, visitorFromToken, visitorMessages } from "@/lib/widget/service";
import { conversationRoom, visitorEmail, visitorRoom, visitorSend, visitorSync, visitorTyping, type VisitorData } from "./events";
import { handler, isOwnOrigin, type VisitorSocket } from "./handler";

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
  return { kind: "visitor", businessId: claims.businessId, conversationId: claims.conversationId, contactId: claims.contactId, name: row?.name || "Visitor", ip };
}

/** A visitor's socket reaches its own conversation and nothing else: every handler acts on the token's conversation. */
export function registerVisitorHandlers(socket: VisitorSocket) {
  const visitor = socket.data;
  void socket.join(visitorRoom(visitor.conversationId));

  socket.on(
    "visitor:sync",
    handler(socket, "visitor:sync", visitorSync, async ({ after }) => {
      const { data, more, state } = await visitorMessages(visitor, after, visitor.ip);
      return { messages: data, more, state };
    }),
  );
  socket.on(
    "visitor:send",
    handler(socket, "visitor:send", visitorSend, (input) => acceptVisitorMessage(visitor, input, visitor.ip)),
  );
  socket.on(
    "visitor:typing",
    handler(socket, "visitor:typing", visitorTyping, async ({ typing }) => {
      socket.to(conversationRoom(visitor.conversationId)).emit("typing", { conversationId: visitor.conversationId, userId: `contact:${visitor.contactId}`, name: visitor.name, typing });
      return {};
    }),
  );
  socket.on(
    "visitor:email",
    handler(socket, "visitor:email", visitorEmail, async ({ email }) => ({ state: await leaveEmail(visitor, email, visitor.ip) })),
  );
}
