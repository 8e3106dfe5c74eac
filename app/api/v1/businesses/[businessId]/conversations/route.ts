import { listConversationsQuery, startConversationInput } from "@/lib/conversations/schemas";
import { listConversations, startConversation } from "@/lib/conversations/service";
import { businessParams } from "@/lib/http/params";
import { created, json, route } from "@/lib/http/route";

export const GET = route({ params: businessParams, query: listConversationsQuery }, async ({ actor, params, query }) =>
  json(await listConversations(actor, params.businessId, query)),
);

export const POST = route({ params: businessParams, body: startConversationInput }, async ({ actor, params, body }) =>
  created(await startConversation(actor, params.businessId, body)),
);
