import { ZodError, type core } from "zod";
import { PG_UNIQUE_VIOLATION, pgErrorCode } from "@/db/errors";
import { AppError, errorRegistry, type ErrorCode, type FieldError } from "@/lib/errors";
import { recordError } from "@/lib/observability/error-log";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const isMissing = (issue: core.$ZodIssue) => issue.code === "invalid_type" && issue.input === undefined;

/** zod issues as field errors; an unknown key is reported at its own path. */
export function fieldErrorsOf(error: ZodError, prefix?: string): FieldError[] {
  const join = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join(".");
  return error.issues.flatMap((issue: core.$ZodIssue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: join([...issue.path, key]), message: "Unknown field." }))
      : [{ path: join(issue.path) || "(root)", message: isMissing(issue) ? "This field is required." : issue.message }],
  );
}

/** Maps anything thrown to an AppError; unexpected errors are recorded and become `internal`. */
export async function toAppError(error: unknown, context: { source: string; requestId: string }): Promise<AppError> {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError("validation_failed", "Some fields are not valid.", { errors: fieldErrorsOf(error) });
  // A unique violation is a 409, not a 500.
  if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) return new AppError("conflict", "This conflicts with an existing record.");
  await recordError(error, context);
  return new AppError("internal", `Something went wrong on our side. Quote request id ${context.requestId} when reporting it.`);
}

export function problemBody(error: AppError, requestId: string) {
  const code: ErrorCode = error.code;
  return {
    type: `https://parley.dev/errors/${code}`,
    title: errorRegistry[code].title,
    status: error.status,
    detail: error.message,
    code,
    ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    requestId,
  };
}

export function problemResponse(error: AppError, requestId: string): Response {
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE, "x-request-id": requestId, "cache-control": "no-store" });
  if (error.extra.retryAfterSeconds) headers.set("retry-after", String(error.extra.retryAfterSeconds));
  return new Response(JSON.stringify(problemBody(error, requestId)), { status: error.status, headers });
}
