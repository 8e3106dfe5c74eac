import { generateText } from "ai";
import { afterAll, describe, expect, it } from "vitest";
import { remoteModel } from "@/lib/providers/models";
import { GOOD_KEY, startFakeProvider } from "../integration/agents-fake-provider";

/* Models are built once per settings and reused; a changed key or address must still be used at once. */
describe("remote models", () => {
  const providerServer = startFakeProvider();
  afterAll(async () => (await providerServer).close());

  it("reuses a built model, and calls with a rotated key as soon as it is saved", async () => {
    const { baseUrl, requests } = await providerServer;
    const settings = { provider: "openai-compatible" as const, model: "m", baseUrl };
    expect(remoteModel({ ...settings, apiKey: "sk-old" })).toBe(remoteModel({ ...settings, apiKey: "sk-old" }));

    await expect(generateText({ model: remoteModel({ ...settings, apiKey: "sk-old" }), prompt: "hi", maxRetries: 0 })).rejects.toThrow(/Incorrect API key/);
    const { text } = await generateText({ model: remoteModel({ ...settings, apiKey: GOOD_KEY }), prompt: "hi", maxRetries: 0 });
    expect(text).toBe("ready");
    expect(requests.map((r) => r.authorization)).toEqual(["Bearer sk-old", `Bearer ${GOOD_KEY}`]);
  });
});
