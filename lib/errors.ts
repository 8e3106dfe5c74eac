/**
 * The one error hierarchy of Parley. Every failure a client may see carries a stable `code`
 * from this registry; `docs/errors.md` documents each one (a test keeps the two in step).
 */
export const errorRegistry = {
  validation_failed: { status: 422, title: "The request is not valid" },
  malformed_json: { status: 400, title: "The request body is not valid JSON" },
  unsupported_media_type: { status: 415, title: "The request body must be application/json" },
  payload_too_large: { status: 413, title: "The request body is too large" },
  unauthenticated: { status: 401, title: "Authentication is required" },
  invalid_credentials: { status: 401, title: "The email or password is incorrect" },
  forbidden: { status: 403, title: "This is not allowed" },
  origin_mismatch: { status: 403, title: "The request's Origin is not this site" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "The request conflicts with the current state" },
  last_owner: { status: 409, title: "A business must keep at least one owner" },
  invitation_unavailable: { status: 410, title: "This invitation can no longer be used" },
  rate_limited: { status: 429, title: "Too many requests" },
  not_ready: { status: 503, title: "The service is not ready" },
  internal: { status: 500, title: "Something went wrong on our side" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorRegistry;

/**
 * A problem with one input field, by its path in the request (`["members", 0, "email"]` → "members.0.email").
 * `line`/`column` (1-based) locate it inside a multi-line text field, such as a template body.
 */
export type FieldError = { path: string; message: string; line?: number; column?: number };

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? errorRegistry[code].title);
    this.name = "AppError";
    this.status = errorRegistry[code].status;
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail = "Some fields are not valid.") {
    super("validation_failed", detail, { errors });
  }
  /** One invalid field, the common case in services. */
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }], message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = "resource") {
    super("not_found", `The ${what} was not found.`);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail?: string) {
    super("forbidden", detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, code: "conflict" | "last_owner" = "conflict") {
    super(code, detail);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(detail = "Sign in, or send an API key as a Bearer token.") {
    super("unauthenticated", detail);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, detail = "Too many attempts. Try again later.") {
    super("rate_limited", detail, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorRegistry, value);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
