import { toMessageView } from "@/lib/conversations/service";
import { onEngineEvents, type EngineEvent } from "@/lib/engine/events";
import { logger } from "@/lib/observability/logger";
import { isMutedReply, toVisitorMessage, visitorState } from "@/lib/widget/visitor-view";
import { businessRoom, conversationRoom, DELTA_BATCH_MS, toLiveConversation, visitorRoom } from "./events";
import type { RealtimeServer } from "./handler";
import { conversationWatched, staffInConsole } from "./staff";

type Batch = { conversationId: string; replyTo: number; text: string; timer: NodeJS.Timeout };

/**
 * Forwards the engine's events to the rooms: stored messages and state changes to the business
 * and conversation rooms, streamed text to the conversation room only, gathered per message for
 * DELTA_BATCH_MS so a reply is a handful of emits rather than one per token. The visitor's room
 * gets the same, narrowed to what a visitor may see. Returns the unsubscribe.
 */
export function forwardEngineEvents(io: RealtimeServer): () => void {
  const pending = new Map<string, Batch>();
  const visitorQueue = new Map<string, Promise<void>>();
  const flush = (messageId: string) => {
    const batch = pending.get(messageId);
    if (!batch) return;
    clearTimeout(batch.timer);
    pending.delete(messageId);
    io.to(conversationRoom(batch.conversationId)).emit("conversation:delta", { conversationId: batch.conversationId, messageId, replyTo: batch.replyTo, text: batch.text });
    io.to(visitorRoom(batch.conversationId)).emit("visitor:delta", { messageId, text: batch.text });
  };

  const logFailure = (conversationId: string) => (error: unknown) => logger().error({ err: error, conversationId }, "could not tell the visitor");

  /** The visitor's view of a stored message, at once; and whether staff have it open, to mark it seen. */
  const messageToVisitor = (event: Extract<EngineEvent, { type: "message" }>) => {
    const room = visitorRoom(event.conversationId);
    const shown = toVisitorMessage(event.message);
    if (shown) io.to(room).emit("visitor:message", shown);
    else if (isMutedReply(event.message)) io.to(room).emit("visitor:retracted", { messageId: event.message.id });
    if (event.message.role !== "contact") return;
    // Written while a staff member has the conversation open: seen at once.
    conversationWatched(io, event.conversationId).then((watched) => {
      if (watched) io.to(room).emit("visitor:seen", { seq: event.message.seq });
    }, logFailure(event.conversationId));
  };

  /** The visitor's state, computed asynchronously: one after another per conversation, so a later state never overtakes an earlier one. */
  const stateToVisitor = (event: Extract<EngineEvent, { type: "conversation" }>) => {
    const id = event.conversationId;
    const next = (visitorQueue.get(id) ?? Promise.resolve())
      .then(async () => {
        io.to(visitorRoom(id)).emit("visitor:state", await visitorState(event.conversation, await staffInConsole(io, event.businessId)));
      })
      .catch(logFailure(id))
      .finally(() => {
        if (visitorQueue.get(id) === next) visitorQueue.delete(id);
      });
    visitorQueue.set(id, next);
  };

  const listener = (event: EngineEvent) => {
    const rooms = [businessRoom(event.businessId), conversationRoom(event.conversationId)];
    if (event.type === "delta") {
      const batch = pending.get(event.messageId);
      if (batch) batch.text += event.delta;
      else pending.set(event.messageId, { conversationId: event.conversationId, replyTo: event.replyTo, text: event.delta, timer: setTimeout(() => flush(event.messageId), DELTA_BATCH_MS) });
      return;
    }
    if (event.type === "message") {
      // Text still gathered for this message goes first, so the final version lands last.
      flush(event.message.id);
      io.to(rooms).emit("conversation:message", { conversationId: event.conversationId, message: toMessageView(event.message) });
      messageToVisitor(event);
    } else {
      io.to(rooms).emit("conversation:updated", { conversationId: event.conversationId, conversation: toLiveConversation(event.conversation) });
      stateToVisitor(event);
    }
  };
  const unsubscribe = onEngineEvents(listener);
  return () => {
    unsubscribe();
    for (const id of [...pending.keys()]) flush(id);
  };
}
