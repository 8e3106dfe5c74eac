import { z } from "zod";
import { templateKind } from "@/db/schema";
import { pageQuery } from "@/lib/pagination";
import { MAX_TEMPLATE_LENGTH } from "./liquid";

export const templateKinds = templateKind.enumValues;
export const templateKindSchema = z.enum(templateKinds, { error: "Choose a kind: system, stage, greeting, reply, fallback or handoff." });

/** Only these kinds belong to a stage. */
export const STAGED_KINDS: readonly string[] = ["stage", "reply"];

const name = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");
const body = z
  .string({ error: "Write the template's text." })
  .max(MAX_TEMPLATE_LENGTH, `Use at most ${MAX_TEMPLATE_LENGTH.toLocaleString("en")} characters.`)
  .refine((text) => text.trim().length > 0, "Write the template's text.");
const stageId = z.uuid("Choose a stage of this business.").nullable();

export const createTemplateInput = z.strictObject({
  kind: templateKindSchema,
  name,
  body,
  stageId: stageId.optional().describe("For `stage` and `reply` templates: the stage it belongs to; null or absent for any stage."),
});
export type CreateTemplateInput = z.infer<typeof createTemplateInput>;

/** The kind is fixed at creation: agents pick templates by kind. */
export const updateTemplateInput = z.strictObject({ name: name.optional(), body: body.optional(), stageId: stageId.optional() });
export type UpdateTemplateInput = z.infer<typeof updateTemplateInput>;

export const listTemplatesQuery = pageQuery.extend({
  kind: templateKindSchema.optional(),
  stageId: z.uuid("The stage id is not valid.").optional(),
});
export type ListTemplatesQuery = z.infer<typeof listTemplatesQuery>;

export const previewTemplateInput = z.strictObject({
  body,
  conversationId: z.uuid("Choose a conversation of this business.").optional().describe("Render with this conversation's real data instead of the samples."),
  variables: z
    .record(z.string(), z.unknown(), { error: "Give variables as an object, e.g. { \"contact\": { \"name\": \"Sam\" } }." })
    .optional()
    .describe("Values that override the sample data, e.g. { \"captured\": { \"email\": \"sam@example.com\" } }."),
});
export type PreviewTemplateInput = z.infer<typeof previewTemplateInput>;
