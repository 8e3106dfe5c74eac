"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKeyInput } from "@/lib/api-keys/schemas";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { action } from "@/lib/http/action";

const inBusiness = { businessId: z.uuid() };

/** The form offers two access levels; the API takes the scope list directly. */
const access = z.enum(["read", "read-write"], { error: "Choose an access level." });

export const createApiKeyAction = action(
  z.strictObject({ ...inBusiness, name: createApiKeyInput.shape.name, access }),
  async ({ businessId, name, access: level }, { actor }) => {
    const created = await createApiKey(actor, businessId, { name, scopes: level === "read" ? ["read"] : ["read", "write"] });
    revalidatePath("/", "layout");
    return { name: created.name, secret: created.secret };
  },
);

export const revokeApiKeyAction = action(z.strictObject({ ...inBusiness, keyId: z.uuid() }), async ({ businessId, keyId }, { actor }) => {
  await revokeApiKey(actor, businessId, keyId);
  revalidatePath("/", "layout");
  return null;
});
