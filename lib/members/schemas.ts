import { z } from "zod";
import { roles } from "@/lib/tenancy/permissions";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

export const roleSchema = z.enum(roles, { error: "Choose owner, admin, agent or viewer." });

export const inviteMemberInput = z.strictObject({ email: emailSchema, role: roleSchema });
export type InviteMemberInput = z.infer<typeof inviteMemberInput>;

export const changeRoleInput = z.strictObject({ role: roleSchema });
