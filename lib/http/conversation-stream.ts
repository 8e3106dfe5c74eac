import type { Message } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { PostMessageInput } from "@/lib/conversations/schemas";
import { acceptContactMessage, getConversation, replyAfter, type MessageView } from "@/lib/conversations/service";
import { onConversationEvents, type EngineEvent } from "@/lib/engine/events";
import { scheduleTurn } from "@/lib/engine/turn";
import { logger } from "@/lib/observability/logger";

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * What a stream shows. Staff and API callers see every message and the conversation; the widget
 * narrows both for visitors (`message` returns null for what a visitor must not see, like notes).
 */
export type StreamView = { message: (message: Message | MessageView) => unknown; conversation: () => Promise<unknown> };

/**
 * A contact's message answered as server-sent events: the stored message, the reply's text
 * deltas as they stream, stored messages and conversation changes, then `done` with the reply
 * and the conversation's state (or `error` with a code, should the turn fail: the message stays stored).
 * The message is validated and stored before the stream opens, so a bad one is a plain problem.
 */
export async function streamContactMessage(
  actor: Actor,
  businessId: string,
  conversationId: string,
  input: PostMessageInput,
  view: StreamView = { message: (message) => message, conversation: () => getConversation(actor, businessId, conversationId) },
): Promise<Response> {
  const { stored, duplicate } = await acceptContactMessage(actor, businessId, conversationId, input);
  let unsubscribe = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(frame(event, data));
        } catch {
          unsubscribe(); // The client went away; the turn carries on and is stored all the same.
        }
      };
      send("message", { message: view.message(stored), duplicate });
      unsubscribe = onConversationEvents(conversationId, (event: EngineEvent) => {
        if (event.type === "delta") send("delta", { messageId: event.messageId, delta: event.delta });
        else if (event.type === "message") {
          const shown = view.message(event.message);
          if (shown) send("message", { message: shown });
        }
        else send("conversation", { status: event.conversation.status, holder: event.conversation.holder, stageId: event.conversation.stageId });
      });
      const finish = async () => {
        const reply = await replyAfter(conversationId, stored.seq);
        send("done", { reply: reply && view.message(reply), conversation: await view.conversation() });
      };
      void scheduleTurn(conversationId)
        .then(finish)
        // The message is stored whatever happens; the client resyncs to see how it was answered.
        .catch((error: unknown) => {
          logger().error({ err: error, conversationId }, "could not finish a streamed reply");
          send("error", { code: "internal" });
        })
        .finally(() => {
          unsubscribe();
          try {
            controller.close();
          } catch {
            // The client went away first.
          }
        });
    },
    cancel() {
      unsubscribe();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
}
