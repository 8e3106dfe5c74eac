import { z } from "zod";
import { createBusinessInput } from "@/lib/businesses/schemas";
import { emailSchema } from "@/lib/members/schemas";

export const personNameSchema = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");
// Length and commonness are checked by passwordProblem(), which gives the precise message.
export const newPasswordSchema = z.string().max(1024, "Use at most 128 characters.");

export const signUpInput = z.strictObject({ name: personNameSchema, email: emailSchema, password: newPasswordSchema });
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.strictObject({
  email: z.string().trim().toLowerCase().min(1, "Enter your email.").max(254),
  password: z.string().min(1, "Enter your password.").max(1024),
});

export const setupInput = signUpInput.extend({
  businessName: createBusinessInput.shape.name,
  /** "sample" also creates Acme Bikes (sample): a pipeline, templates and an offline agent to try. */
  start: z.enum(["empty", "sample"]).default("empty"),
});
export type SetupInput = z.infer<typeof setupInput>;
