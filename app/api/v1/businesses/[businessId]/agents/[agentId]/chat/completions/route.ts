import { agentParams } from "@/lib/agents/api-docs";
import { chatCompletionInput } from "@/lib/conversations/chat-completions";
import { answerChatCompletion, CONVERSATION_HEADER } from "@/lib/http/openai-chat";
import { route } from "@/lib/http/route";

/** OpenAI-compatible: `new OpenAI({ baseURL: ".../businesses/{businessId}/agents/{agentId}", apiKey })`. */
export const POST = route({ params: agentParams, body: chatCompletionInput }, async ({ request, actor, params, body }) =>
  answerChatCompletion(actor, params.businessId, params.agentId, body, {
    conversation: request.headers.get(CONVERSATION_HEADER),
    idempotencyKey: request.headers.get("idempotency-key"),
  }),
);
