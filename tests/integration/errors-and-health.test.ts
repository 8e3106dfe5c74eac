import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as health from "@/app/api/health/route";
import * as ready from "@/app/api/ready/route";
import { getDb } from "@/db";
import { errorLog } from "@/db/schema";
import { route } from "@/lib/http/route";
import { call, makeUser } from "./helpers";

describe("unexpected errors", () => {
  it("answer a generic 500 problem with a request id, leak nothing, and are stored grouped with a count", async () => {
    const user = await makeUser("errors");
    const exploding = route({ body: z.strictObject({ n: z.number() }) }, async ({ body }) => {
      throw new Error(`database password hunter2 leaked at row ${body.n}`);
    });
    const first = await call(exploding, "POST", { as: user, body: { n: 1 } });
    const second = await call(exploding, "POST", { as: user, body: { n: 2 } });
    expect(first.status).toBe(500);
    expect(first.json).toMatchObject({ code: "internal", status: 500, requestId: first.headers.get("x-request-id") });
    expect(JSON.stringify(first.json)).not.toContain("hunter2");
    expect(JSON.stringify(first.json)).not.toMatch(/at .*\.ts/);

    // Both occurrences are one group: same fingerprint, count 2, last request id kept.
    const db = await getDb();
    const rows = await db.select().from(errorLog).where(eq(errorLog.name, "Error"));
    const group = rows.find((r) => r.message.includes("hunter2"));
    expect(group).toMatchObject({ count: 2, lastRequestId: second.json.requestId, source: "POST /api/test" });
    expect(group!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(group!.firstSeenAt.getTime());
  });

  it("honours a well-formed incoming X-Request-Id", async () => {
    const res = await call(health.GET, "GET", { headers: { "x-request-id": "trace-abc-12345" } });
    expect(res.headers.get("x-request-id")).toBe("trace-abc-12345");
  });
});

describe("health and readiness", () => {
  it("report the process and the database", async () => {
    expect((await call(health.GET, "GET")).json).toEqual({ status: "ok" });
    const res = await call(ready.GET, "GET");
    expect(res.status).toBe(200);
    expect(res.json.checks.database).toBe("ok");
  });
});
