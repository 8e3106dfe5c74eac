import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { business, contact, conversation, message, type Business, type WidgetSettings } from "@/db/schema";
import type { ApiKeyActor } from "@/lib/auth/actor";
import type { PostMessageInput } from "@/lib/conversations/schemas";
import { acceptContactMessage, postContactMessage, startConversation } from "@/lib/conversations/service";
import { scheduleTurn } from "@/lib/engine/turn";
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { streamContactMessage } from "@/lib/http/conversation-stream";
import { oneAtATime } from "@/lib/one-at-a-time";
import { consume, limiter } from "@/lib/rate-limit";
import { staffOnline } from "@/lib/realtime/presence";
import { identityVerified } from "./identity";
import { originAllowed } from "./origins";
import type { SessionInput } from "./schemas";
import { signVisitorToken, verifyVisitorToken, type VisitorClaims } from "./token";
import { toVisitorMessage, visibleRoles, visitorState, type VisitorMessage, type VisitorState } from "./visitor-view";

/** Who a visitor is, once their token has been checked: the one conversation they may reach. */
export type Visitor = Pick<VisitorClaims, "businessId" | "conversationId" | "contactId">;

export type WidgetTheme = Pick<WidgetSettings, "color" | "position" | "launcherText" | "greeting"> & { title: string };

const MAX_MESSAGES = 200;

const sessionsPerIp = () => limiter({ keyPrefix: "widget-session-ip", points: 30, durationSeconds: 60 });
const messagesPerVisitor = () => limiter({ keyPrefix: "widget-message-visitor", points: 20, durationSeconds: 60 });
const messagesPerIp = () => limiter({ keyPrefix: "widget-message-ip", points: 60, durationSeconds: 60 });
const readsPerIp = () => limiter({ keyPrefix: "widget-read-ip", points: 240, durationSeconds: 60 });
const SLOW_DOWN = "You are sending messages too quickly. Wait a moment and try again.";

/**
 * The conversation services take an actor; a visitor has no account, so once their token (or
 * their origin and the business's public key) has been checked, they act through this internal
 * actor, scoped to the one business, for the conversation calls the widget makes and no others.
 */
const visitorActor = (businessId: string): ApiKeyActor => ({ kind: "apiKey", keyId: "widget-visitor", businessId, scopes: ["write"] });

/** The live business a public key names; an unknown key and an archived business look the same. */
export async function businessForKey(key: string): Promise<Business> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(business)
    .where(and(eq(business.widgetPublicKey, key), isNull(business.archivedAt)))
    .limit(1);
  if (!row) throw new NotFoundError("widget");
  return row;
}

export function themeOf(row: Business): WidgetTheme {
  const { color, position, launcherText, greeting } = row.widgetSettings;
  return { color, position, launcherText, greeting, title: row.name };
}

export type SessionContext = {
  /** The request's Origin header: the iframe (this deployment) or, for a direct call, the host page. */
  callerOrigin: string | null;
  /** The origins this deployment answers on. */
  selfOrigins: readonly string[];
  ip: string;
};

export type VisitorSession = {
  token: string;
  expiresAt: Date;
  visitorId: string;
  conversationId: string;
  messages: VisitorMessage[];
  state: VisitorState;
  theme: WidgetTheme;
};

/**
 * Opens (or resumes) a visitor's chat: the page embedding the widget must be on one of the
 * business's allowed origins; the visitor's open conversation is reused, or a new one started
 * with the widget's agent.
 */
export async function startVisitorSession(input: SessionInput, context: SessionContext): Promise<VisitorSession> {
  await consume(sessionsPerIp(), context.ip, "Too many chat sessions from this address. Try again in a minute.");
  const row = await businessForKey(input.key);
  const allowed = row.widgetSettings.allowedOrigins;
  const callerOk = context.callerOrigin === null || context.selfOrigins.includes(context.callerOrigin) || originAllowed(context.callerOrigin, allowed);
  if (!callerOk || !originAllowed(input.hostOrigin, allowed)) {
    throw new ForbiddenError("This website is not allowed to embed the chat. The business can add it to the widget's allowed origins.");
  }
  const visitorId = await whoIsVisiting(row, input);
  const claims = await sessionStartsInOrder(`${row.id}:${visitorId}`, async () => (await openWidgetConversation(row.id, visitorId)) ?? (await startWidgetConversation(row, visitorId)));
  const { token, expiresAt } = signVisitorToken({ businessId: row.id, ...claims, origin: input.hostOrigin });
  return {
    token,
    expiresAt,
    visitorId,
    conversationId: claims.conversationId,
    messages: await visibleMessages(claims.conversationId, 0),
    state: await stateOf(row.id, claims.conversationId),
    theme: themeOf(row),
  };
}

/**
 * The visitor id to chat under. Anonymous: the browser's own (or a new one). With an identity
 * the host page proved (signed with the widget secret), the contact of that user wherever they
 * chatted before, so their conversation follows them across devices; on first sight this
 * browser's contact becomes theirs (a new one if it belongs to another user). A visitor id that
 * belongs to a verified user reaches their conversation only with their proof again: without
 * it (they signed out on a shared computer) the visitor starts afresh. Unproven claims are
 * refused when the business requires verification, else kept as what the visitor says (name,
 * email) without the user id.
 */
async function whoIsVisiting(row: Business, input: SessionInput): Promise<string> {
  const fresh = () => `v_${randomBytes(16).toString("hex")}`;
  const identity = input.identity;
  const verified = identity ? await identityVerified(row.id, identity) : false;
  if (identity && !verified && row.widgetSettings.requireVerifiedIdentity) {
    throw new ForbiddenError("This chat accepts only users the website has verified. Sign in again on the website, then reopen the chat.");
  }
  const db = await getDb();
  const ownerOf = async (visitorId: string) =>
    (await db.select({ externalId: contact.externalId }).from(contact).where(and(eq(contact.businessId, row.id), eq(contact.visitorId, visitorId))))[0]?.externalId ?? null;
  let visitorId = input.visitorId ?? fresh();
  const owner = input.visitorId ? await ownerOf(input.visitorId) : null;
  if (verified) {
    const [known] = await db.select({ visitorId: contact.visitorId }).from(contact).where(and(eq(contact.businessId, row.id), eq(contact.externalId, identity!.userId)));
    if (known) visitorId = known.visitorId;
    else if (owner) visitorId = fresh();
  } else if (owner) {
    visitorId = fresh();
  }
  if (!identity) return visitorId;
  const details = { name: identity.name ?? null, email: identity.email ?? null, ...(verified ? { externalId: identity.userId } : {}) };
  await db
    .insert(contact)
    .values({ businessId: row.id, visitorId, ...details })
    .onConflictDoUpdate({
      target: [contact.businessId, contact.visitorId],
      set: { name: sql`coalesce(excluded.name, ${contact.name})`, email: sql`coalesce(excluded.email, ${contact.email})`, ...(verified ? { externalId: identity.userId } : {}), updatedAt: new Date() },
    });
  return visitorId;
}

async function openWidgetConversation(businessId: string, visitorId: string): Promise<{ conversationId: string; contactId: string } | undefined> {
  const db = await getDb();
  const [existing] = await db
    .select({ conversationId: conversation.id, contactId: contact.id })
    .from(conversation)
    .innerJoin(contact, eq(contact.id, conversation.contactId))
    .where(and(eq(conversation.businessId, businessId), eq(contact.visitorId, visitorId), eq(conversation.channel, "widget"), ne(conversation.status, "resolved")))
    .orderBy(desc(conversation.lastMessageAt))
    .limit(1);
  return existing;
}

/**
 * Session starts of one visitor, one after another: two tabs opening the chat at the same moment
 * find one conversation, not one each. (Per process: two instances could still race, leaving the
 * visitor a second conversation, which is harmless.)
 */
const sessionStartsInOrder = oneAtATime("widget.sessionStarts");

async function startWidgetConversation(row: Business, visitorId: string): Promise<{ conversationId: string; contactId: string }> {
  const agentId = row.widgetSettings.agentId ?? undefined;
  try {
    const started = await startConversation(visitorActor(row.id), row.id, { agentId, contact: { id: visitorId } }, "widget");
    return { conversationId: started.id, contactId: started.contact.id };
  } catch (error) {
    // The widget's agent was deleted since the settings were saved: the visitor can do nothing about it.
    if (error instanceof ValidationError || error instanceof ConflictError) throw new ConflictError("The chat is not available right now. Please try again later.");
    throw error;
  }
}

async function visibleMessages(conversationId: string, after: number): Promise<VisitorMessage[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(message)
    .where(and(eq(message.conversationId, conversationId), gt(message.seq, after), inArray(message.role, visibleRoles)))
    .orderBy(asc(message.seq))
    .limit(MAX_MESSAGES);
  return rows.map((m) => toVisitorMessage(m)!);
}

/**
 * The claims of a genuine token whose conversation still exists in its live business, and whose
 * page origin the business still allows: removing an origin ends the sessions it issued.
 */
export async function visitorFromToken(token: string): Promise<VisitorClaims> {
  const claims = verifyVisitorToken(token);
  const db = await getDb();
  const [row] = await db
    .select({ allowed: business.widgetSettings })
    .from(conversation)
    .innerJoin(business, eq(business.id, conversation.businessId))
    .where(and(eq(conversation.id, claims.conversationId), eq(conversation.businessId, claims.businessId), eq(conversation.contactId, claims.contactId), isNull(business.archivedAt)));
  if (!row) throw new NotFoundError("conversation");
  if (!originAllowed(claims.origin, row.allowed.allowedOrigins)) throw new ForbiddenError("This website is no longer allowed to embed the chat.");
  return claims;
}

export async function visitorFromAuthorization(authorization: string | null): Promise<VisitorClaims> {
  const [scheme, token] = (authorization ?? "").trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() !== "bearer" || !token) throw new AppError("unauthenticated", "Send the visitor token as a Bearer token.");
  return visitorFromToken(token);
}

/** The visitor's view of their conversation's state, including whether a human is around. */
export async function stateOf(businessId: string, conversationId: string): Promise<VisitorState> {
  const db = await getDb();
  const [row] = await db.select().from(conversation).where(and(eq(conversation.id, conversationId), eq(conversation.businessId, businessId)));
  if (!row) throw new NotFoundError("conversation");
  return visitorState(row, await staffOnline(businessId));
}

/** Messages after a seq, oldest first, and the state: a widget resyncs from the last message it holds. `more` asks for another page. */
export async function visitorMessages(claims: Visitor, after: number, ip: string): Promise<{ data: VisitorMessage[]; more: boolean; state: VisitorState }> {
  await consume(readsPerIp(), ip, SLOW_DOWN);
  const data = await visibleMessages(claims.conversationId, after);
  return { data, more: data.length === MAX_MESSAGES, state: await stateOf(claims.businessId, claims.conversationId) };
}

async function limitSender(claims: Visitor, ip: string): Promise<void> {
  await consume(messagesPerVisitor(), claims.contactId, SLOW_DOWN);
  await consume(messagesPerIp(), ip, SLOW_DOWN);
}

/** Stores the visitor's message (once per clientMessageId) and waits for the reply. */
export async function postVisitorMessage(claims: Visitor, input: PostMessageInput, ip: string) {
  await limitSender(claims, ip);
  const result = await postContactMessage(visitorActor(claims.businessId), claims.businessId, claims.conversationId, input);
  return { message: toVisitorMessage(result.message), reply: result.reply && toVisitorMessage(result.reply), duplicate: result.duplicate };
}

/** The same, answered as server-sent events as the reply streams. */
export async function streamVisitorMessage(claims: Visitor, input: PostMessageInput, ip: string): Promise<Response> {
  await limitSender(claims, ip);
  return streamContactMessage(visitorActor(claims.businessId), claims.businessId, claims.conversationId, input, {
    message: toVisitorMessage,
    conversation: () => stateOf(claims.businessId, claims.conversationId),
  });
}

/** Stores the visitor's message (once per clientMessageId) and starts the turn without waiting: the reply arrives on the socket. */
export async function acceptVisitorMessage(claims: Visitor, input: PostMessageInput, ip: string): Promise<{ message: VisitorMessage; duplicate: boolean }> {
  await limitSender(claims, ip);
  const { stored, duplicate } = await acceptContactMessage(visitorActor(claims.businessId), claims.businessId, claims.conversationId, input);
  void scheduleTurn(claims.conversationId);
  return { message: toVisitorMessage(stored)!, duplicate };
}

/**
 * The email a visitor leaves when nobody is there to take the handoff, so staff can answer
 * later. It is what the visitor says, not a verified identity; a later one replaces it.
 */
export async function leaveEmail(claims: Visitor, email: string, ip: string): Promise<VisitorState> {
  await consume(messagesPerIp(), ip, SLOW_DOWN);
  const db = await getDb();
  await db.update(contact).set({ email, updatedAt: new Date() }).where(and(eq(contact.id, claims.contactId), eq(contact.businessId, claims.businessId)));
  return stateOf(claims.businessId, claims.conversationId);
}
