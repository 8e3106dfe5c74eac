import { conversationParams } from "@/lib/conversations/api-docs";
import { listMessagesQuery, postMessageInput } from "@/lib/conversations/schemas";
import { listMessages, postContactMessage } from "@/lib/conversations/service";
import { streamContactMessage } from "@/lib/http/conversation-stream";
import { json, route } from "@/lib/http/route";

export const GET = route({ params: conversationParams, query: listMessagesQuery }, async ({ actor, params, query }) =>
  json(await listMessages(actor, params.businessId, params.conversationId, query)),
);

/** As JSON once the reply is complete, or streamed as server-sent events when asked for. */
export const POST = route({ params: conversationParams, body: postMessageInput }, async ({ request, actor, params, body }) => {
  if (request.headers.get("accept")?.includes("text/event-stream")) return streamContactMessage(actor, params.businessId, params.conversationId, body);
  return json(await postContactMessage(actor, params.businessId, params.conversationId, body));
});
