/** PostgreSQL's SQLSTATE codes Parley acts on. */
export const PG_UNIQUE_VIOLATION = "23505";
export const PG_NOT_NULL_VIOLATION = "23502";

/** The SQLSTATE of a database error, whichever driver raised it and however drizzle wrapped it. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
