import { z } from "zod";
import { pageQuery } from "@/lib/pagination";
import { WIDGET_VISITOR_ID } from "@/lib/widget/schemas";

export const MAX_MESSAGE_LENGTH = 4000;
// Line breaks and tabs are text; other control characters are not (and break renderers and logs).
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A message's text, without the spaces and blank lines around it. */
export const messageContent = z
  .string({ error: "Write a message." })
  .trim()
  .refine((s) => s.length > 0, "Write a message.")
  .refine((s) => s.length <= MAX_MESSAGE_LENGTH, `Keep a message under ${MAX_MESSAGE_LENGTH} characters.`)
  .refine((s) => !CONTROL_CHARACTERS.test(s), "The message contains control characters.");

export const clientMessageId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, "Use letters, digits, and . _ : - only.")
  .describe("The sender's own id for the message. Sending the same id again returns the stored message and its reply instead of a second one.");

export const postMessageInput = z.strictObject({ content: messageContent, clientMessageId });
export type PostMessageInput = z.infer<typeof postMessageInput>;

export const startConversationInput = z.strictObject({
  agentId: z.uuid().optional().describe("The agent that answers; by default the business's first active agent."),
  contact: z
    .strictObject({
      id: z
        .string()
        .min(1)
        .max(200)
        // Widget visitors' ids have their own form, so no API caller can name (and so reach) a widget visitor's contact.
        .refine((id) => !WIDGET_VISITOR_ID.test(id), "Ids of the form v_ and 32 hex digits are the chat widget's; choose another.")
        .optional()
        .describe("Your id for this person; the same id reuses the same contact."),
      name: z.string().trim().max(200).optional(),
      email: z.email().max(320).optional(),
      phone: z.string().trim().max(40).optional(),
    })
    .optional(),
});
export type StartConversationInput = z.infer<typeof startConversationInput>;

export const conversationStatuses = ["open", "waiting", "resolved"] as const;

export const listConversationsQuery = pageQuery.extend({
  status: z.enum(conversationStatuses).optional(),
  stageId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  assignee: z.union([z.uuid(), z.enum(["me", "none"])]).optional().describe("A member's id, `me`, or `none` for unassigned."),
  since: z.iso.datetime({ offset: true }).optional().describe("Only conversations with a message at or after this time."),
  q: z.string().trim().min(1).max(200).optional().describe("Search: part of the contact's name or email (case-insensitive)."),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuery>;

export const updateConversationInput = z.strictObject({
  status: z.enum(conversationStatuses).optional(),
  stageId: z.uuid().optional().describe("Move to this stage by hand (recorded as a staff stage event)."),
  assigneeId: z.uuid().nullable().optional(),
  holder: z.enum(["ai", "human"]).optional().describe("`human` takes over (the AI goes silent at once); `ai` hands back."),
});
export type UpdateConversationInput = z.infer<typeof updateConversationInput>;

export const listMessagesQuery = z.strictObject({
  cursor: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuery>;
