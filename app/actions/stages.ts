"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { getBusiness } from "@/lib/businesses/service";
import { AppError, ValidationError } from "@/lib/errors";
import { action } from "@/lib/http/action";
import { createStageInput, reorderStagesInput, updateStageInput } from "@/lib/stages/schemas";
import { createStage, deleteStage, duplicateStage, reorderStages, updateStage } from "@/lib/stages/service";

const inBusiness = { businessId: z.uuid() };
const oneStage = { ...inBusiness, stageId: z.uuid() };

async function stagesPath(actor: Actor, businessId: string): Promise<string> {
  return `/b/${(await getBusiness(actor, { id: businessId })).slug}/stages`;
}

/**
 * The stage form posts the whole stage as one JSON field (it holds lists of fields and rules), so
 * zod's errors keep their paths (`fields.0.key`) and land next to the inputs.
 */
function stageJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw ValidationError.field("stage", "The form could not be read. Reload the page and try again.");
  }
}

/**
 * Buttons without inputs (archive, duplicate, delete, reorder) show one message, not field
 * errors: the pipeline problems a change would cause become that message.
 */
async function asMessage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ValidationError) throw new AppError("validation_failed", error.message);
    throw error;
  }
}

export const createStageAction = action(z.strictObject({ ...inBusiness, stage: z.string() }), async ({ businessId, stage }, { actor }) => {
  await createStage(actor, businessId, createStageInput.parse(stageJson(stage)));
  revalidatePath("/", "layout");
  redirect(await stagesPath(actor, businessId));
});

export const updateStageAction = action(z.strictObject({ ...oneStage, stage: z.string() }), async ({ businessId, stageId, stage }, { actor }) => {
  const updated = await updateStage(actor, businessId, stageId, updateStageInput.parse(stageJson(stage)));
  revalidatePath("/", "layout");
  return { name: updated.name };
});

export const archiveStageAction = action(
  z.strictObject({ ...oneStage, archived: z.enum(["true", "false"]) }),
  async ({ businessId, stageId, archived }, { actor }) => {
    await asMessage(updateStage(actor, businessId, stageId, { archived: archived === "true" }));
    revalidatePath("/", "layout");
    return null;
  },
);

export const duplicateStageAction = action(z.strictObject(oneStage), async ({ businessId, stageId }, { actor }) => {
  const copy = await asMessage(duplicateStage(actor, businessId, stageId));
  revalidatePath("/", "layout");
  redirect(`${await stagesPath(actor, businessId)}/${copy.id}`);
});

export const deleteStageAction = action(z.strictObject(oneStage), async ({ businessId, stageId }, { actor }) => {
  await asMessage(deleteStage(actor, businessId, stageId));
  revalidatePath("/", "layout");
  redirect(await stagesPath(actor, businessId));
});

/** `stageIds` is the new order, comma-separated. */
export const reorderStagesAction = action(z.strictObject({ ...inBusiness, stageIds: z.string() }), async ({ businessId, stageIds }, { actor }) => {
  await asMessage(reorderStages(actor, businessId, reorderStagesInput.parse({ stageIds: stageIds.split(",") })));
  revalidatePath("/", "layout");
  return null;
});
