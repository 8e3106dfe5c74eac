import { EventEmitter } from "node:events";
import type { Conversation, Message } from "@/db/schema";

/**
 * What the engine announces as a conversation moves: stored messages, streamed text, and state
 * changes. Socket.io rooms, server-sent events and (later) webhooks subscribe here, so the engine
 * knows none of them.
 */
export type EngineEvent =
  | { type: "message"; businessId: string; conversationId: string; message: Message }
  /** `replyTo`: the seq of the newest contact message the streaming reply answers. */
  | { type: "delta"; businessId: string; conversationId: string; messageId: string; replyTo: number; delta: string }
  | { type: "conversation"; businessId: string; conversationId: string; conversation: Conversation };

const key = Symbol.for("parley.engine.events");
type Holder = { [key]?: EventEmitter };

/** One bus per process, shared by the Next.js handlers and server.ts. */
export function engineEvents(): EventEmitter {
  const holder = globalThis as Holder;
  if (!holder[key]) {
    holder[key] = new EventEmitter();
    // Every open SSE stream and socket room listens; the default warning at 10 is not a leak here.
    holder[key].setMaxListeners(0);
  }
  return holder[key];
}

export function emitEngineEvent(event: EngineEvent): void {
  engineEvents().emit("event", event);
}

/** Subscribes to one conversation's events; returns the unsubscribe function. */
export function onConversationEvents(conversationId: string, listener: (event: EngineEvent) => void): () => void {
  const filtered = (event: EngineEvent) => {
    if (event.conversationId === conversationId) listener(event);
  };
  engineEvents().on("event", filtered);
  return () => engineEvents().off("event", filtered);
}
