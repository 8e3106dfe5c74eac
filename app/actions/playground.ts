"use server";

import { z } from "zod";
import { actorUserId } from "@/lib/auth/actor";
import { startConversation } from "@/lib/conversations/service";
import { action } from "@/lib/http/action";

/** A fresh playground conversation with an agent, as the signed-in member playing an end user. */
export const startPlaygroundAction = action(z.strictObject({ businessId: z.uuid(), agentId: z.uuid() }), async ({ businessId, agentId }, { actor }) => {
  const conversation = await startConversation(actor, businessId, { agentId, contact: { id: `playground:${actorUserId(actor)}`, name: "Playground" } }, "playground");
  return { conversationId: conversation.id };
});
