import { z } from "zod";
import { and, eq, gt, or, type Column, type SQL } from "drizzle-orm";
import { ValidationError } from "@/lib/errors";

/** Query parameters every collection accepts. */
export const pageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type PageQuery = z.infer<typeof pageQuery>;

export type Page<T> = { data: T[]; nextCursor: string | null };

type Position = { at: Date; id: string };

/** Opaque cursors: the (timestamp, id) of the last row seen, so pages stay stable under inserts. */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): Position {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = iso ? new Date(iso) : undefined;
  if (!at || Number.isNaN(at.getTime()) || !id) throw ValidationError.field("cursor", "The cursor is not valid.");
  return { at, id };
}

/** The keyset condition "after the cursor" for rows ordered by (atColumn, idColumn). */
export function afterCursor(cursor: string | undefined, atColumn: Column, idColumn: Column): SQL | undefined {
  if (!cursor) return undefined;
  const { at, id } = decodeCursor(cursor);
  return or(gt(atColumn, at), and(eq(atColumn, at), gt(idColumn, id)));
}

/** Cuts the one extra row fetched (limit + 1) into the next cursor. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
