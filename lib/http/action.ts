import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { ZodType, z } from "zod";
import { userActor, type Actor } from "@/lib/auth/actor";
import { userIdFromCookieHeader } from "@/lib/auth/session";
import { UnauthenticatedError, type ErrorCode } from "@/lib/errors";
import { clientIp } from "./client-ip";
import { fieldErrorsOf, toAppError } from "./problem";

/**
 * What every server action answers, so a form can show `message` above it and each entry of
 * `fieldErrors` next to its field. `values` echoes the non-secret inputs back, because React
 * resets an uncontrolled form after its action runs.
 */
export type ActionResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors: Record<string, string>; values: Record<string, string> };

const SECRET_FIELDS = /password|token|secret/i;

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    // Next adds its own `$ACTION_…` entries; they are not inputs of ours.
    // An empty input means "not given", so optional fields may be left blank.
    if (key.startsWith("$ACTION") || typeof value !== "string" || value.trim() === "") continue;
    values[key] = value;
  }
  return values;
}

function makeAction<S extends ZodType, T>(
  input: S,
  requireSession: boolean,
  handler: (input: z.output<S>, context: { actor: Actor | null; ip: string }) => Promise<T>,
): (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>> {
  return async (_previous, formData) => {
    const values = formValues(formData);
    const echoed = Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_FIELDS.test(key)));
    const requestHeaders = await headers();
    try {
      const userId = await userIdFromCookieHeader(requestHeaders.get("cookie"));
      if (requireSession && !userId) throw new UnauthenticatedError("Your session has ended. Sign in again.");
      const parsed = input.safeParse(values);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(fieldErrorsOf(parsed.error).map((e) => [e.path, e.message]));
        return { ok: false, code: "validation_failed", message: "Check the highlighted fields.", fieldErrors, values: echoed };
      }
      const actor = userId ? userActor(userId) : null;
      return { ok: true, data: await handler(parsed.data, { actor, ip: clientIp(requestHeaders) }) };
    } catch (error) {
      unstable_rethrow(error);
      const appError = await toAppError(error, { source: "server action", requestId: randomUUID() });
      const fieldErrors = Object.fromEntries((appError.extra.errors ?? []).map((e) => [e.path, e.message]));
      // With field errors the details sit next to the fields; the top line only points there.
      const message = Object.keys(fieldErrors).length ? "Check the highlighted fields." : appError.message;
      return { ok: false, code: appError.code, message, fieldErrors, values: echoed };
    }
  };
}

/**
 * The one action client: checks the session, parses the form with zod, calls the service and
 * turns failures into an ActionResult. Redirects thrown by the handler pass through.
 */
export function action<S extends ZodType, T>(
  input: S,
  handler: (input: z.output<S>, context: { actor: Actor; ip: string }) => Promise<T>,
) {
  // makeAction refuses the call before this point when there is no session.
  return makeAction(input, true, (parsed, { actor, ip }) => handler(parsed, { actor: actor!, ip }));
}

/** The same, for the few forms used signed out (sign-in, sign-up, first-run setup). */
export function publicAction<S extends ZodType, T>(
  input: S,
  handler: (input: z.output<S>, context: { actor: Actor | null; ip: string }) => Promise<T>,
) {
  return makeAction(input, false, handler);
}
