import type { Actor } from "@/lib/auth/actor";
import type { PostMessageInput } from "@/lib/conversations/schemas";
import { acceptContactMessage, getConversation, replyAfter } from "@/lib/conversations/service";
import { onConversationEvents, type EngineEvent } from "@/lib/engine/events";
import { scheduleTurn } from "@/lib/engine/turn";

const encoder = new TextEncoder();
const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * A contact's message answered as server-sent events: the stored message, the reply's text
 * deltas as they stream, stored messages and conversation changes, then `done` with the reply
 * and the conversation's state.
 * The message is validated and stored before the stream opens, so a bad one is a plain problem.
 */
export async function streamContactMessage(actor: Actor, businessId: string, conversationId: string, input: PostMessageInput): Promise<Response> {
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
      send("message", { message: stored, duplicate });
      unsubscribe = onConversationEvents(conversationId, (event: EngineEvent) => {
        if (event.type === "delta") send("delta", { messageId: event.messageId, delta: event.delta });
        else if (event.type === "message") send("message", { message: event.message });
        else send("conversation", { status: event.conversation.status, holder: event.conversation.holder, stageId: event.conversation.stageId });
      });
      void scheduleTurn(conversationId).then(async () => {
        unsubscribe();
        send("done", { reply: await replyAfter(conversationId, stored.seq), conversation: await getConversation(actor, businessId, conversationId) });
        controller.close();
      });
    },
    cancel() {
      unsubscribe();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
}
