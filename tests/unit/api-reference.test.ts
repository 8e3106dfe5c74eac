import { z } from "zod";
import { describe, expect, it } from "vitest";
import { apiReference } from "@/lib/http/api-reference";
import type { EndpointDoc } from "@/lib/http/openapi";

const endpoints: EndpointDoc[] = [
  {
    method: "post",
    path: "/things/{thingId}/parts",
    tag: "Things",
    summary: "Add parts",
    params: z.object({ thingId: z.uuid() }),
    body: z.strictObject({
      name: z.string().min(1).max(100).describe("What people call it."),
      kind: z.enum(["a", "b"]).optional(),
      parts: z.array(z.object({ key: z.string(), count: z.number().int().min(1) })),
    }),
    response: { status: 201, schema: z.object({ id: z.uuid() }) },
  },
  { method: "delete", path: "/things/{thingId}", tag: "Things", summary: "Remove", response: { status: 204 } },
];

describe("the readable API reference", () => {
  it("lists every field a caller sends, nested ones by dotted path, with types and optionality", () => {
    const [group] = apiReference(endpoints);
    expect(group?.tag).toBe("Things");
    const add = group!.endpoints[0]!;
    expect(add).toMatchObject({ method: "POST", path: "/things/{thingId}/parts", response: { status: 201 } });
    expect(add.pathParams).toEqual([{ path: "thingId", type: "string (uuid)", required: true }]);
    expect(add.body).toEqual([
      { path: "name", type: "string 1–100 chars", required: true, description: "What people call it." },
      { path: "kind", type: '"a" | "b"', required: false },
      { path: "parts", type: "array of object", required: true },
      { path: "parts[].key", type: "string", required: true },
      { path: "parts[].count", type: "integer ≥ 1", required: true },
    ]);
    expect(group!.endpoints[1]).toMatchObject({ method: "DELETE", response: { status: 204, fields: [] } });
  });
});
