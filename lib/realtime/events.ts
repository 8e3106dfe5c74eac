import { z } from "zod";
import type { Conversation } from "@/db/schema";
import { clientMessageId, messageContent } from "@/lib/conversations/schemas";
import type { ConversationView, MessageView } from "@/lib/conversations/service";
import type { ErrorCode } from "@/lib/errors";
import type { VisitorMessage, VisitorState } from "@/lib/widget/visitor-view";

/**
 * Socket events, typed once for the server and every client, and documented in
 * docs/realtime.md. Everything a client sends is parsed with the zod schemas below on arrival.
 */

/** A stored message as staff see it; every payload names its conversation beside it. */
export type LiveMessage = MessageView;

/** A conversation's changing state, enough for a list row or a header to update itself. */
export type LiveConversation = Pick<Conversation, "id" | "status" | "holder" | "stageId" | "assigneeId" | "agentId" | "captured" | "aiTurns" | "lastMessageAt" | "resolvedAt">;

export type Viewer = { userId: string; name: string };

/** Every answer to a client's request: the result, or why not, by a code from lib/errors.ts. */
export type Ack<T = object> = ({ ok: true } & T) | { ok: false; code: ErrorCode };
type Reply<T = object> = (ack: Ack<T>) => void;

export interface ServerToClientEvents {
  /** Sent once after a successful handshake: who the socket is authenticated as. */
  session: (payload: { kind: "staff"; userId: string } | { kind: "visitor"; conversationId: string }) => void;
  /** A message was stored or its final version written (both rooms). */
  "conversation:message": (payload: { conversationId: string; message: LiveMessage }) => void;
  /** Streamed text of a reply being generated, batched per message (conversation room only). */
  "conversation:delta": (payload: { conversationId: string; messageId: string; replyTo: number; text: string }) => void;
  /** The conversation's state changed: status, holder, stage, assignee, captured fields (both rooms). */
  "conversation:updated": (payload: { conversationId: string; conversation: LiveConversation }) => void;
  /** Someone else in the conversation room started or stopped typing. */
  typing: (payload: { conversationId: string; userId: string; name: string; typing: boolean }) => void;
  /** The staff now viewing a conversation, sent to its room on every join, leave and disconnect. */
  viewers: (payload: { conversationId: string; viewers: Viewer[] }) => void;

  // To a visitor's socket (room `visitor:{conversationId}`), narrowed to what a visitor may see.
  /** A message of their conversation was stored or finished: never notes, costs or authors. */
  "visitor:message": (payload: VisitorMessage) => void;
  /** Streamed text of the agent's reply, batched like `conversation:delta`. */
  "visitor:delta": (payload: { messageId: string; text: string }) => void;
  /** A reply that was streaming when a human took over: kept for staff only, so the widget removes it. */
  "visitor:retracted": (payload: { messageId: string }) => void;
  /** Who answers now, and whether to offer leaving an email. */
  "visitor:state": (payload: VisitorState) => void;
  /** A staff member is typing a reply (by first name). */
  "visitor:typing": (payload: { name: string; typing: boolean }) => void;
  /** Staff have seen the conversation up to this seq: the widget marks the visitor's messages read. */
  "visitor:seen": (payload: { seq: number }) => void;
}

export const consoleJoin = z.strictObject({ businessId: z.uuid() });
/** `after`: the seq of the last message the client holds; the ack brings what followed it. */
export const conversationJoin = z.strictObject({ businessId: z.uuid(), conversationId: z.uuid(), after: z.number().int().min(0).default(0) });
export const conversationLeave = z.strictObject({ conversationId: z.uuid() });
export const typingInput = z.strictObject({ conversationId: z.uuid(), typing: z.boolean() });
export const staffSend = z.strictObject({
  businessId: z.uuid(),
  conversationId: z.uuid(),
  kind: z.enum(["reply", "note"]),
  content: messageContent,
  clientMessageId,
});

export const visitorSync = z.strictObject({ after: z.number().int().min(0) });
export const visitorSend = z.strictObject({ content: messageContent, clientMessageId });
export const visitorTyping = z.strictObject({ typing: z.boolean() });
export const visitorEmail = z.strictObject({ email: z.email("Enter an email address such as you@example.com.").max(254) });

export interface ClientToServerEvents {
  /** Joins `business:{id}`: the live list. Needs `conversations.read` in the business. */
  "console:join": (payload: z.input<typeof consoleJoin>, ack: Reply) => void;
  "console:leave": (payload: z.input<typeof consoleJoin>, ack: Reply) => void;
  /**
   * Joins `conversation:{id}` when the conversation is in that business; answers the viewers, the
   * conversation as it is now and the messages after `after` (a page; `more` asks for the next),
   * read once the socket is in the room so nothing stored meanwhile is missed.
   */
  "conversation:join": (
    payload: z.input<typeof conversationJoin>,
    ack: Reply<{ viewers: Viewer[]; conversation: ConversationView; messages: LiveMessage[]; more: boolean }>,
  ) => void;
  "conversation:leave": (payload: z.input<typeof conversationLeave>, ack: Reply) => void;
  /** Relayed to the conversation's room; only from a socket in that room. */
  typing: (payload: z.input<typeof typingInput>, ack?: Reply) => void;
  /** A staff reply (takes the conversation over) or an internal note; idempotent by clientMessageId. */
  "staff:send": (payload: z.input<typeof staffSend>, ack: Reply<{ message: LiveMessage; duplicate: boolean }>) => void;

  // From a visitor's socket; each acts on the one conversation its token names.
  /** The messages after a seq (resync after a reconnect) and the state; `more` asks for another page. */
  "visitor:sync": (payload: z.input<typeof visitorSync>, ack: Reply<{ messages: VisitorMessage[]; more: boolean; state: VisitorState }>) => void;
  /** A message from the visitor, stored once per clientMessageId; the reply follows as events. */
  "visitor:send": (payload: z.input<typeof visitorSend>, ack: Reply<{ message: VisitorMessage; duplicate: boolean }>) => void;
  "visitor:typing": (payload: z.input<typeof visitorTyping>, ack?: Reply) => void;
  /** The email a visitor leaves when no human is online to take the handoff. */
  "visitor:email": (payload: z.input<typeof visitorEmail>, ack: Reply<{ state: VisitorState }>) => void;
}

export type StaffData = { kind: "staff"; userId: string; name: string };
export type VisitorData = {
  kind: "visitor";
  businessId: string;
  conversationId: string;
  contactId: string;
  name: string;
  ip: string;
  /** The page the token was issued for, and when the token ends: both checked again on every event. */
  origin: string;
  expiresAt: number;
};
export type SocketData = StaffData | VisitorData;

/** Rooms: one per staff user, so their own tabs can be told about changes to their account. */
export const userRoom = (userId: string) => `user:${userId}`;
/** Every conversation of a business: the console's list. */
export const businessRoom = (businessId: string) => `business:${businessId}`;
/** One conversation: its streamed text, typing and viewers. */
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;
/** The visitor's sockets of one conversation (every tab), apart from staff so notes never reach them. */
export const visitorRoom = (conversationId: string) => `visitor:${conversationId}`;

/** How long streamed text is gathered before one emit: a few frames, never one emit per token. */
export const DELTA_BATCH_MS = 40;

export function toLiveConversation(c: Conversation): LiveConversation {
  return {
    id: c.id,
    status: c.status,
    holder: c.holder,
    stageId: c.stageId,
    assigneeId: c.assigneeId,
    agentId: c.agentId,
    captured: c.captured,
    aiTurns: c.aiTurns,
    lastMessageAt: c.lastMessageAt,
    resolvedAt: c.resolvedAt,
  };
}
