import { z } from "zod";
import { parseOrigin } from "./origins";

export const MAX_ALLOWED_ORIGINS = 20;

const origin = z
  .string()
  .max(300, "Use at most 300 characters.")
  .transform((value, ctx) => {
    const parsed = parseOrigin(value);
    if ("error" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed.origin;
  });

/** The business's widget settings as a PATCH gives them: every field optional, the rest kept. */
export const widgetSettingsInput = z.strictObject({
  allowedOrigins: z
    .array(origin)
    .max(MAX_ALLOWED_ORIGINS, `List at most ${MAX_ALLOWED_ORIGINS} origins.`)
    .transform((list) => [...new Set(list)])
    .optional()
    .describe("Exact origins whose pages may embed the widget, such as https://shop.example.com. Plain http:// only for localhost."),
  agentId: z.uuid("Choose an agent.").nullable().optional().describe("The agent that answers; null for the business's first active agent."),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour such as #4f46e5.")
    .transform((c) => c.toLowerCase())
    .optional(),
  position: z.enum(["left", "right"], "Choose left or right.").optional(),
  launcherText: z.string().trim().min(1, "Enter the launcher's text.").max(40, "Use at most 40 characters.").optional(),
  greeting: z
    .string()
    .trim()
    .max(500, "Use at most 500 characters.")
    .transform((g) => (g === "" ? null : g))
    .nullable()
    .optional()
    .describe("Shown at the top of the chat instead of the agent's greeting; null or empty for none."),
  requireVerifiedIdentity: z
    .boolean()
    .optional()
    .describe("Refuse Parley('identify') claims not signed with the widget secret. Anonymous visitors may still chat."),
});
export type WidgetSettingsInput = z.infer<typeof widgetSettingsInput>;

export const publicKey = z.string().regex(/^pk_[0-9a-f]{32}$/, "The widget key is not valid.");
/** The form of every visitor id the widget is given (`v_` and 32 hex digits); API contacts may not take it. */
export const WIDGET_VISITOR_ID = /^v_[0-9a-f]{32}$/;
const visitorId = z.string().regex(WIDGET_VISITOR_ID, "The visitor id is not valid: send the one a previous session returned.");

/** Who the host page says the visitor is; `signature` or `jwt` proves it (see docs/widget.md). */
export const identityInput = z.strictObject({
  userId: z.string().trim().min(1).max(200),
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
  signature: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "The signature is the hex HMAC-SHA256 of the user id.")
    .optional(),
  jwt: z.string().max(4000).optional(),
});
export type IdentityInput = z.infer<typeof identityInput>;

export const sessionInput = z.strictObject({
  key: publicKey,
  visitorId: visitorId.optional(),
  identity: identityInput.optional(),
  hostOrigin: z.string().max(300).describe("The origin of the page that embeds the widget."),
});
export type SessionInput = z.infer<typeof sessionInput>;

export const visitorMessagesQuery = z.strictObject({
  after: z.coerce.number().int("Use a message number.").min(0, "Use a message number.").default(0).describe("Only messages after this seq."),
});


export const frameQuery = z.strictObject({ key: publicKey, host: z.string().max(300) });
