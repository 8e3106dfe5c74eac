import { z } from "zod";
import { widgetSettingsInput } from "@/lib/widget/schemas";

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.");

export const businessNameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

const timezoneSchema = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Use an IANA time zone such as Europe/Paris.");

const localeSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en or pt-BR.");

export const createBusinessInput = z.strictObject({
  name: businessNameSchema,
  slug: slugSchema.optional(),
  description: z.string().trim().max(4000).optional(),
  timezone: timezoneSchema.optional(),
  locale: localeSchema.optional(),
});
export type CreateBusinessInput = z.infer<typeof createBusinessInput>;

export const updateBusinessInput = z.strictObject({
  name: businessNameSchema.optional(),
  slug: slugSchema.optional(),
  description: z.string().trim().max(4000).optional(),
  timezone: timezoneSchema.optional(),
  locale: localeSchema.optional(),
  /** false restores an archived business (owners only). */
  archived: z.boolean().optional(),
  /** The chat widget's settings; only the fields given change. */
  widget: widgetSettingsInput.optional(),
});
export type UpdateBusinessInput = z.infer<typeof updateBusinessInput>;
