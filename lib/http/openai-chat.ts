import type { Actor } from "@/lib/auth/actor";
import { clientMessageIdFor, conversationFor, idempotencyKeyOf, latestUserText, type ChatCompletionInput } from "@/lib/conversations/chat-completions";
import { acceptContactMessage, repliesAfter, type MessageView } from "@/lib/conversations/service";
import { onConversationEvents } from "@/lib/engine/events";
import { scheduleTurn } from "@/lib/engine/turn";
import { logger } from "@/lib/observability/logger";

export const CONVERSATION_HEADER = "x-parley-conversation-id";

const encoder = new TextEncoder();

function usageOf(replies: MessageView[]) {
  const prompt = replies.reduce((sum, r) => sum + (r.inputTokens ?? 0), 0);
  const completion = replies.reduce((sum, r) => sum + (r.outputTokens ?? 0), 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * Parley's agent behind the OpenAI chat-completions wire format, so any OpenAI client library can
 * talk to it. The newest user message is the contact's; the conversation (Parley's own history)
 * is chosen by the X-Parley-Conversation-Id header or the `user` field, and named in the response's
 * X-Parley-Conversation-Id header.
 */
export async function answerChatCompletion(
  actor: Actor,
  businessId: string,
  agentId: string,
  input: ChatCompletionInput,
  headers: { conversation: string | null; idempotencyKey: string | null },
): Promise<Response> {
  const content = latestUserText(input);
  const clientMessageId = clientMessageIdFor(input, idempotencyKeyOf(headers.idempotencyKey));
  const conversationId = await conversationFor(actor, businessId, agentId, input, headers.conversation);
  const { stored, duplicate } = await acceptContactMessage(actor, businessId, conversationId, { content, clientMessageId });
  const id = `chatcmpl-${stored.id}`;
  const created = Math.floor(stored.createdAt.getTime() / 1000);
  const model = input.model ?? agentId;
  const responseHeaders = { [CONVERSATION_HEADER]: conversationId, "cache-control": "no-store" };

  if (!input.stream) {
    await scheduleTurn(conversationId);
    const replies = await repliesAfter(conversationId, stored.seq);
    return Response.json(
      {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [{ index: 0, message: { role: "assistant", content: replies.map((r) => r.content).join("\n\n") }, logprobs: null, finish_reason: "stop" }],
        usage: usageOf(replies),
      },
      { headers: responseHeaders },
    );
  }

  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
    encoder.encode(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`);
  let unsubscribe = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (bytes: Uint8Array) => {
        try {
          controller.enqueue(bytes);
        } catch {
          unsubscribe();
        }
      };
      send(chunk({ role: "assistant", content: "" }, null));
      // Only this message's replies: a turn of an earlier message may still be streaming.
      const streamed = new Set<string>();
      let separate = false;
      // A new message streams live; a retry is answered from what is stored, below.
      if (!duplicate) {
        unsubscribe = onConversationEvents(conversationId, (event) => {
          if (event.type === "delta" && event.replyTo >= stored.seq) {
            streamed.add(event.messageId);
            send(chunk({ content: event.delta }, null));
            separate = true;
          } else if (event.type === "message" && event.message.seq > stored.seq && event.message.role !== "contact" && event.message.status !== "streaming") {
            // A reply that did not stream (a fallback, a handoff notice) arrives whole.
            if (!streamed.has(event.message.id) && event.message.content) {
              send(chunk({ content: `${separate ? "\n\n" : ""}${event.message.content}` }, null));
              separate = true;
            }
          }
        });
      }
      void scheduleTurn(conversationId)
        .then(async () => {
          const replies = await repliesAfter(conversationId, stored.seq);
          // A retry arrives after its reply was written (or while it is): it gets the stored answer whole.
          if (duplicate) for (const [i, reply] of replies.entries()) send(chunk({ content: `${i > 0 ? "\n\n" : ""}${reply.content}` }, null));
          send(chunk({}, "stop", input.stream_options?.include_usage ? { usage: usageOf(replies) } : {}));
        })
        // The message is stored whatever happens; the stream still ends, as OpenAI's would.
        .catch((error: unknown) => {
          logger().error({ err: error, conversationId }, "could not finish a streamed completion");
          send(chunk({}, "stop"));
        })
        .finally(() => {
          unsubscribe();
          send(encoder.encode("data: [DONE]\n\n"));
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
  return new Response(body, { headers: { ...responseHeaders, "content-type": "text/event-stream; charset=utf-8", "x-accel-buffering": "no" } });
}
