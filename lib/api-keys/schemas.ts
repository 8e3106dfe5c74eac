import { z } from "zod";

export const apiKeyScope = z.enum(["read", "write"]);

export const createApiKeyInput = z.strictObject({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  scopes: z.array(apiKeyScope).min(1, "Choose at least one scope.").max(2),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;
