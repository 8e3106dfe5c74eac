"use server";

import { z } from "zod";
import { updateConversationInput } from "@/lib/conversations/schemas";
import { updateConversation } from "@/lib/conversations/service";
import { action } from "@/lib/http/action";

/**
 * The console's buttons and pickers: take over, hand back, resolve, reopen, assign, change stage.
 * A form cannot send null, so "none" unassigns. The rooms hear of the change through the engine's
 * events; the result lets the acting tab update at once.
 */
export const updateConversationAction = action(
  z.strictObject({
    businessId: z.uuid(),
    conversationId: z.uuid(),
    status: updateConversationInput.shape.status,
    stageId: updateConversationInput.shape.stageId,
    holder: updateConversationInput.shape.holder,
    assigneeId: z.union([z.uuid("Choose a member."), z.literal("none")]).optional(),
  }),
  async ({ businessId, conversationId, assigneeId, ...change }, { actor }) =>
    updateConversation(actor, businessId, conversationId, { ...change, ...(assigneeId ? { assigneeId: assigneeId === "none" ? null : assigneeId } : {}) }),
);
