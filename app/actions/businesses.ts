"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createBusinessInput, updateBusinessInput } from "@/lib/businesses/schemas";
import { archiveBusiness, createBusiness, getBusiness, updateBusiness } from "@/lib/businesses/service";
import { action } from "@/lib/http/action";
import { createSampleBusiness } from "@/lib/samples/sample-business";

const target = { businessId: z.uuid() };

export const createBusinessAction = action(createBusinessInput, async (input, { actor }) => {
  const created = await createBusiness(actor, input);
  redirect(`/b/${created.slug}`);
});

export const createSampleBusinessAction = action(z.strictObject({}), async (_input, { actor }) => {
  const created = await createSampleBusiness(actor);
  redirect(`/b/${created.slug}`);
});

export const updateBusinessAction = action(
  updateBusinessInput.omit({ archived: true }).extend(target),
  async ({ businessId, ...input }, { actor }) => {
    const before = await getBusiness(actor, { id: businessId });
    const updated = await updateBusiness(actor, businessId, input);
    revalidatePath("/", "layout");
    // A new address moves the whole business; follow it.
    if (updated.slug !== before.slug) redirect(`/b/${updated.slug}/settings`);
    return { slug: updated.slug };
  },
);

export const archiveBusinessAction = action(z.strictObject(target), async ({ businessId }, { actor }) => {
  await archiveBusiness(actor, businessId);
  revalidatePath("/", "layout");
  redirect("/");
});

export const restoreBusinessAction = action(z.strictObject(target), async ({ businessId }, { actor }) => {
  await updateBusiness(actor, businessId, { archived: false });
  revalidatePath("/", "layout");
  return null;
});
