import { z } from "zod";
import { businessParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { chatCompletionInput } from "./chat-completions";
import { listConversationsQuery, listMessagesQuery, postMessageInput, startConversationInput, updateConversationInput } from "./schemas";

const agentParams = businessParams.extend({ agentId: z.uuid() });

const chatCompletion = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.number().int(), message: z.object({ role: z.literal("assistant"), content: z.string() }), finish_reason: z.string() })),
  usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() }),
});

export const conversationParams = businessParams.extend({ conversationId: z.uuid() });

const conversationResource = z.object({
  id: z.uuid(),
  status: z.enum(["open", "waiting", "resolved"]).describe("`waiting`: handed over, a human should answer."),
  holder: z.enum(["ai", "human"]).describe("Who answers: while `human`, the AI never replies."),
  channel: z.enum(["widget", "api", "playground", "openai"]),
  agentId: z.uuid().nullable(),
  assigneeId: z.uuid().nullable(),
  stage: z.object({ id: z.uuid(), key: z.string(), name: z.string() }).nullable(),
  captured: z.record(z.string(), z.union([z.string(), z.number()])),
  aiTurns: z.number().int(),
  contact: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), externalId: z.string().nullable() }),
  lastMessageAt: timestamp,
  resolvedAt: timestamp.nullable(),
  createdAt: timestamp,
  contactWrote: z.boolean().describe("Whether the contact has written yet. Widget chats are listed only once they have: opening the chat alone starts a conversation."),
});

export const messageResource = z.object({
  id: z.uuid(),
  seq: z.number().int().describe("Position in the conversation."),
  role: z.enum(["contact", "assistant", "staff", "note", "system"]),
  content: z.string(),
  status: z.enum(["pending", "answered", "streaming", "complete", "incomplete"]),
  clientMessageId: z.string().nullable(),
  authorId: z.uuid().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  firstTokenMs: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  costUsd: z.number().nullable().describe("Estimated, in US dollars."),
  meta: z.record(z.string(), z.unknown()).describe("Engine detail: tool calls with the engine's verdicts, errors behind a fallback."),
  createdAt: timestamp,
});

const path = "/businesses/{businessId}/conversations";
const tag = "Conversations";

export const conversationEndpoints: EndpointDoc[] = [
  { method: "get", path, tag, summary: "List conversations, newest activity first (filters: status, stage, agent, assignee, since); a widget chat once the visitor has written in it", params: businessParams, query: listConversationsQuery, response: { status: 200, schema: pageOf(conversationResource) } },
  { method: "post", path, tag, summary: "Start a conversation for a contact (the agent's greeting is sent)", params: businessParams, body: startConversationInput, response: { status: 201, schema: conversationResource } },
  { method: "get", path: `${path}/{conversationId}`, tag, summary: "Get a conversation", params: conversationParams, response: { status: 200, schema: conversationResource } },
  { method: "patch", path: `${path}/{conversationId}`, tag, summary: "Change status, stage, assignee, or who holds it (take over / hand back)", params: conversationParams, body: updateConversationInput, response: { status: 200, schema: conversationResource } },
  { method: "get", path: `${path}/{conversationId}/messages`, tag, summary: "List messages, oldest first", params: conversationParams, query: listMessagesQuery, response: { status: 200, schema: pageOf(messageResource) } },
  {
    method: "post",
    path: `${path}/{conversationId}/messages`,
    tag,
    summary:
      "Send a message as the contact and receive the reply. With `Accept: text/event-stream` the reply streams as server-sent events: `message` (stored messages), `delta` ({ messageId, delta }), `conversation`, then `done` ({ reply, conversation }).",
    params: conversationParams,
    body: postMessageInput,
    response: { status: 200, schema: z.object({ message: messageResource, reply: messageResource.nullable(), duplicate: z.boolean().describe("True when this clientMessageId was sent before.") }) },
  },
  {
    method: "post",
    path: "/businesses/{businessId}/agents/{agentId}/chat/completions",
    tag: "OpenAI-compatible",
    summary:
      "Talk to an agent with any OpenAI client: baseURL `…/businesses/{businessId}/agents/{agentId}`, apiKey = a Parley API key. The newest user message is sent as the contact; the conversation continues by the `X-Parley-Conversation-Id` header or the `user` field and is named in the response's `X-Parley-Conversation-Id` header. `stream: true` answers chat.completion.chunk server-sent events. A retry gets the stored answer: requests are told apart by the `Idempotency-Key` header when sent (needed by clients that send only the newest message), else by their `messages`.",
    params: agentParams,
    body: chatCompletionInput,
    response: { status: 200, schema: chatCompletion },
  },
];
