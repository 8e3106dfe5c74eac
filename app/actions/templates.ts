"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getBusiness } from "@/lib/businesses/service";
import { action } from "@/lib/http/action";
import { createTemplateInput, previewTemplateInput, updateTemplateInput } from "@/lib/templates/schemas";
import { createTemplate, deleteTemplate, previewTemplate, restoreTemplateVersion, updateTemplate } from "@/lib/templates/service";

const inBusiness = { businessId: z.uuid() };
const oneTemplate = { ...inBusiness, templateId: z.uuid() };

/** A form cannot post null, and an empty field means "not given": "any" is the "no stage" choice. */
const stageChoice = z
  .union([z.literal("any"), z.uuid("Choose a stage of this business.")])
  .optional()
  .transform((value) => (value === "any" ? null : value));

const templatesPath = async (actor: Parameters<typeof getBusiness>[0], businessId: string) => `/b/${(await getBusiness(actor, { id: businessId })).slug}/templates`;

export const createTemplateAction = action(
  z.strictObject({ ...inBusiness, kind: createTemplateInput.shape.kind, name: createTemplateInput.shape.name, body: createTemplateInput.shape.body, stageId: stageChoice }),
  // Typed like the update's result so that one editor form takes either action; it redirects.
  async ({ businessId, ...input }, { actor }): Promise<{ version: number }> => {
    const created = await createTemplate(actor, businessId, input);
    revalidatePath("/", "layout");
    redirect(`${await templatesPath(actor, businessId)}/${created.id}`);
  },
);

export const updateTemplateAction = action(
  z.strictObject({ ...oneTemplate, name: updateTemplateInput.shape.name, body: updateTemplateInput.shape.body, stageId: stageChoice }),
  async ({ businessId, templateId, ...input }, { actor }) => {
    const updated = await updateTemplate(actor, businessId, templateId, input);
    revalidatePath("/", "layout");
    return { version: updated.version };
  },
);

export const deleteTemplateAction = action(z.strictObject(oneTemplate), async ({ businessId, templateId }, { actor }) => {
  await deleteTemplate(actor, businessId, templateId);
  revalidatePath("/", "layout");
  redirect(await templatesPath(actor, businessId));
});

export const restoreTemplateVersionAction = action(
  z.strictObject({ ...oneTemplate, version: z.coerce.number().int().min(1) }),
  async ({ businessId, templateId, version }, { actor }) => {
    const restored = await restoreTemplateVersion(actor, businessId, templateId, version);
    revalidatePath("/", "layout");
    return { version: restored.version };
  },
);

/** The editor's live preview; a template not saved yet has no id. */
export const previewTemplateAction = action(
  z.strictObject({ ...inBusiness, templateId: z.uuid().optional(), body: previewTemplateInput.shape.body, conversationId: previewTemplateInput.shape.conversationId }),
  async ({ businessId, templateId, body, conversationId }, { actor }) => previewTemplate(actor, businessId, templateId ?? null, { body, conversationId }),
);
