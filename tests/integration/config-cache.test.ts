import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { template } from "@/db/schema";
import { businessConfig, invalidateBusinessConfig } from "@/lib/engine/config-cache";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { makeUser } from "./helpers";

/*
 * The engine's per-business copy of stages and templates. An edit made on another instance (here:
 * straight in the database, with no invalidation on this one) must reach this instance's turns
 * within the copy's lifetime, without any turn waiting for a reload while the business is busy.
 */
afterEach(() => vi.useRealTimers());

async function sampleWithGreeting() {
  const owner = await makeUser("cache");
  const business = await createSampleBusiness(owner.actor);
  const greeting = (await businessConfig(business.id)).templates.find((t) => t.kind === "greeting")!;
  return { businessId: business.id, greeting };
}

async function editElsewhere(templateId: string, body: string) {
  await (await getDb()).update(template).set({ body }).where(eq(template.id, templateId));
}

const bodyOf = async (businessId: string, templateId: string) => (await businessConfig(businessId)).templates.find((t) => t.id === templateId)?.body;

describe("the engine's configuration copy", () => {
  it("serves a copy at once while reloading it in the background, and shows another instance's edit within its lifetime", async () => {
    const { businessId, greeting } = await sampleWithGreeting();
    await editElsewhere(greeting.id, "Edited elsewhere.");
    expect(await bodyOf(businessId, greeting.id)).toBe(greeting.body);

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3_000 });
    // Half its life gone: the old copy still answers at once, and a reload starts.
    expect(await bodyOf(businessId, greeting.id)).toBe(greeting.body);
    await vi.waitFor(async () => expect(await bodyOf(businessId, greeting.id)).toBe("Edited elsewhere."));
  });

  it("reloads a copy that has outlived its lifetime before answering", async () => {
    const { businessId, greeting } = await sampleWithGreeting();
    await editElsewhere(greeting.id, "Edited while idle.");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6_000 });
    expect(await bodyOf(businessId, greeting.id)).toBe("Edited while idle.");
  });

  it("lets an edit on this instance win over a background reload started before it", async () => {
    const { businessId, greeting } = await sampleWithGreeting();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3_000 });
    await businessConfig(businessId); // starts the background reload
    await editElsewhere(greeting.id, "Edited here.");
    invalidateBusinessConfig(businessId);
    expect(await bodyOf(businessId, greeting.id)).toBe("Edited here.");
    // Whatever the earlier reload read, it does not replace the newer copy.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await bodyOf(businessId, greeting.id)).toBe("Edited here.");
  });
});
