import { conversationParams } from "@/lib/conversations/api-docs";
import { conversationTimeline } from "@/lib/conversations/timeline";
import { json, route } from "@/lib/http/route";

export const GET = route({ params: conversationParams }, async ({ actor, params }) => json({ data: await conversationTimeline(actor, params.businessId, params.conversationId) }));
