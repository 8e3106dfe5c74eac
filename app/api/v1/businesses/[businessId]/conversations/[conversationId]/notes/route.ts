import { conversationParams } from "@/lib/conversations/api-docs";
import { postMessageInput } from "@/lib/conversations/schemas";
import { postNote } from "@/lib/conversations/staff";
import { json, route } from "@/lib/http/route";

export const POST = route({ params: conversationParams, body: postMessageInput }, async ({ actor, params, body }) => {
  const posted = await postNote(actor, params.businessId, params.conversationId, body);
  return json(posted, posted.duplicate ? 200 : 201);
});
