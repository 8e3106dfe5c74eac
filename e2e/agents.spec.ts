import { expect, test } from "@playwright/test";
import { inviteAndJoin, newOwner, signIn } from "./fixtures";

/*
 * An admin's story with agents on a fresh install: create a scripted agent and test it, point it
 * at an unreachable OpenAI-compatible server and read the error, store an API key that is never
 * shown again, and pause the agent.
 */
test.describe.configure({ mode: "serial" });

const owner = { name: "Olga Owner", email: "olga@example.com", password: "correct horse battery" };
const API_KEY = "sk-e2e-never-shown-9876";

test("set up, create and configure an agent", async ({ page }) => {
  await newOwner(page, owner, "Agent Bikes");
  await expect(page).toHaveURL(/\/b\/agent-bikes$/);

  await page.getByRole("navigation", { name: "Business sections" }).getByRole("link", { name: "Agents" }).click();
  await expect(page.getByText("No agents yet.")).toBeVisible();
  await page.getByRole("link", { name: "New agent" }).click();

  // A scripted agent works offline, so its connection test passes at once.
  await page.getByLabel("Name", { exact: true }).fill("Ava");
  await page.getByLabel("Description (persona)").fill("A cheerful bike shop assistant.");
  await expect(page.getByLabel("Provider", { exact: true })).toHaveValue("scripted");
  await expect(page.getByLabel("API key")).toHaveCount(0);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection works" })).toBeVisible();
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(/\/b\/agent-bikes\/agents\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("heading", { name: "Ava" })).toBeVisible();
  await expect(page.getByText("Agent created.")).toBeVisible();

  // An OpenAI-compatible server that is not there: a clear error, right next to the button.
  await page.getByLabel("Provider", { exact: true }).selectOption("openai-compatible");
  await expect(page.getByLabel("Model", { exact: true })).toHaveValue("llama3.1");
  await page.getByLabel("Base URL", { exact: true }).fill("http://127.0.0.1:9/v1");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Connection failed: Cannot reach http://127.0.0.1:9/v1" })).toBeVisible();

  // A base URL must be a web address; the error sits next to the field.
  await page.getByLabel("Base URL", { exact: true }).fill("file:///etc/passwd");
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByLabel("Base URL", { exact: true })).toHaveAccessibleDescription(/http:\/\/ or https:\/\//);
  await page.getByLabel("Base URL", { exact: true }).fill("http://127.0.0.1:9/v1");

  // The key is saved with the agent and from then on only its hint appears.
  await page.getByLabel("API key").fill(API_KEY);
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByLabel("API key")).toHaveAccessibleDescription("Stored key: sk-…9876. Leave empty to keep it.");
  await expect(page.getByLabel("API key")).toHaveValue("");
  const reloaded = await page.reload();
  expect(await reloaded!.text()).not.toContain(API_KEY);
  expect(await page.content()).not.toContain(API_KEY);
  await expect(page.getByLabel("API key")).toHaveAccessibleDescription(/sk-…9876/);
  const businesses = (await (await page.request.get("/api/v1/businesses")).json()) as { data: { id: string }[] };
  const credentials = await page.request.get(`/api/v1/businesses/${businesses.data[0]!.id}/provider-credentials`);
  expect(await credentials.text()).toContain("sk-…9876");
  expect(await credentials.text()).not.toContain(API_KEY);

  // Pausing shows on the agent and in the list.
  await page.getByLabel("Status").selectOption("paused");
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByRole("main").getByText("Paused", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "← Agents" }).click();
  const row = page.getByRole("list", { name: "Agents" }).getByRole("listitem").filter({ hasText: "Ava" });
  await expect(row).toContainText("OpenAI-compatible · llama3.1");
  await expect(row.getByText("Paused", { exact: true })).toBeVisible();

  // Removing the key asks first, then leaves no hint behind.
  await row.getByRole("link", { name: "Ava" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Remove key" }).click();
  await expect(page.getByLabel("API key")).toHaveAccessibleDescription("No key stored for this provider.");
  await expect(page.getByRole("button", { name: "Remove key" })).toHaveCount(0);
});

test("a viewer sees the agent read-only", async ({ page, browser }) => {
  await signIn(page, owner);
  const viewer = await inviteAndJoin(page, browser, "agent-bikes", { name: "Vince Viewer", email: "vince@example.com", password: "a viewer's long passphrase" }, "viewer");

  await viewer.goto("/b/agent-bikes/agents");
  await expect(viewer.getByRole("link", { name: "New agent" })).toHaveCount(0);
  await viewer.getByRole("link", { name: "Ava" }).click();
  await expect(viewer.getByText("only admins and owners change it")).toBeVisible();
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(viewer.getByLabel("Name", { exact: true })).toHaveValue("Ava");
  for (const name of ["Save agent", "Test connection", "Delete agent", "Remove key"]) {
    await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  }
  expect((await viewer.goto("/b/agent-bikes/agents/new"))?.status()).toBe(404);
  await viewer.context().close();
});
