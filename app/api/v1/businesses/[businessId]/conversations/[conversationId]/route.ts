import { conversationParams } from "@/lib/conversations/api-docs";
import { updateConversationInput } from "@/lib/conversations/schemas";
import { getConversation, updateConversation } from "@/lib/conversations/service";
import { json, route } from "@/lib/http/route";

export const GET = route({ params: conversationParams }, async ({ actor, params }) => json(await getConversation(actor, params.businessId, params.conversationId)));

export const PATCH = route({ params: conversationParams, body: updateConversationInput }, async ({ actor, params, body }) =>
  json(await updateConversation(actor, params.businessId, params.conversationId, body)),
);
