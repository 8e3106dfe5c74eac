"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateBusiness } from "@/lib/businesses/service";
import { action } from "@/lib/http/action";
import { rotateWidgetSecret } from "@/lib/widget/identity";
import { widgetSettingsInput } from "@/lib/widget/schemas";

const shape = widgetSettingsInput.shape;

/** The form lists origins in one box, separated by spaces, commas or new lines; errors name the origin. */
const originsText = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const list = text.split(/[\s,]+/).filter(Boolean);
    const parsed = shape.allowedOrigins.safeParse(list);
    if (parsed.success) return parsed.data ?? [];
    for (const issue of parsed.error.issues) {
      const at = issue.path[0];
      ctx.addIssue({ code: "custom", message: typeof at === "number" ? `${list[at]}: ${issue.message}` : issue.message });
    }
    return z.NEVER;
  });

export const updateWidgetSettingsAction = action(
  z.strictObject({
    businessId: z.uuid(),
    allowedOrigins: originsText,
    // The form posts "default" for "the first active agent", and leaves an empty greeting out.
    agentId: z.union([z.literal("default").transform(() => null), z.uuid("Choose an agent.")]),
    color: shape.color,
    position: shape.position,
    launcherText: shape.launcherText,
    greeting: shape.greeting.transform((g) => g ?? null),
    requireVerifiedIdentity: z.enum(["optional", "required"]).transform((v) => v === "required"),
  }),
  async ({ businessId, ...widget }, { actor }) => {
    await updateBusiness(actor, businessId, { widget });
    revalidatePath("/", "layout");
    return null;
  },
);

/** A new widget secret; the form shows it this once. */
export const rotateWidgetSecretAction = action(z.strictObject({ businessId: z.uuid() }), async ({ businessId }, { actor }) => {
  const { secret } = await rotateWidgetSecret(actor, businessId);
  revalidatePath("/", "layout");
  return { secret };
});
