import type { Conversation, Message } from "@/db/schema";
import { processWide } from "@/lib/process-wide";

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

type Listener = (event: EngineEvent) => void;
/**
 * Listeners to every event (the socket forwarder), and listeners to one conversation (a turn
 * watching for a take-over, an SSE stream) kept by conversation: each event reaches only its own,
 * however many conversations are live.
 */
type Bus = { everything: Set<Listener>; byConversation: Map<string, Set<Listener>> };

/** One bus per process, shared by the Next.js handlers and server.ts. */
const bus = () => processWide<Bus>("engine.events", () => ({ everything: new Set(), byConversation: new Map() }));

export function emitEngineEvent(event: EngineEvent): void {
  const { everything, byConversation } = bus();
  for (const listener of everything) listener(event);
  const own = byConversation.get(event.conversationId);
  if (own) for (const listener of own) listener(event);
}

/**
 * Adds a listener to a set; returns the unsubscribe. A function of its own per subscription, so
 * subscribing the same function twice needs two unsubscribes, as with an EventEmitter.
 */
function subscribe(listeners: Set<Listener>, listener: Listener, onEmpty?: () => void): () => void {
  const entry: Listener = (event) => listener(event);
  listeners.add(entry);
  return () => {
    listeners.delete(entry);
    if (listeners.size === 0) onEmpty?.();
  };
}

/** Subscribes to every conversation's events; returns the unsubscribe function. */
export function onEngineEvents(listener: Listener): () => void {
  return subscribe(bus().everything, listener);
}

/** Subscribes to one conversation's events; returns the unsubscribe function. */
export function onConversationEvents(conversationId: string, listener: Listener): () => void {
  const { byConversation } = bus();
  let own = byConversation.get(conversationId);
  if (!own) byConversation.set(conversationId, (own = new Set()));
  const listeners = own;
  return subscribe(listeners, listener, () => byConversation.get(conversationId) === listeners && byConversation.delete(conversationId));
}
