import { expect, test } from "@playwright/test";
import { newOwner } from "./fixtures";

/*
 * A new user loads the sample business from the business menu and talks to its offline agent in
 * the playground, watching the engine walk the stages, capture fields and judge each tool call.
 */
test("load the sample business and walk its pipeline in the agent playground", async ({ page }) => {
  await newOwner(page, { name: "Pia Player", email: "pia@example.com", password: "playground swings 4 all" }, "Pia's Shop");
  await page.getByText("Pia's Shop").first().click();
  await page.getByRole("button", { name: "Load a sample business" }).click();
  // Other specs on this install may have loaded a sample too: its address may carry a suffix.
  await expect(page).toHaveURL(/\/b\/acme-bikes-sample[\w-]*$/);

  await page.getByRole("navigation", { name: "Business sections" }).getByRole("link", { name: "Agents" }).click();
  await page.getByRole("link", { name: "Maya" }).click();
  await page.getByRole("link", { name: "Open playground" }).click();

  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages).toContainText("Hi! I'm Maya from Acme Bikes (sample). What brings you here today?");
  const send = async (text: string, reply: string) => {
    await page.getByLabel("Message", { exact: true }).fill(text);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(messages.locator("[data-role=assistant]").last()).toHaveText(reply);
    await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
  };
  await send("Hi, I'm looking for a bike", "Great! What's your name?");
  await send("Ana", "Thanks, Ana! What's the best email to send you the options?");
  await send("ana@example.com", "Ana, we have three lines: City for commuting, Trail for off-road and Cargo for kids and groceries. Which sounds right?");

  await expect(page.getByRole("list", { name: "Stage path" })).toHaveText(/Welcome\s*→\s*Qualify\s*→\s*Offer/);
  const captured = page.getByRole("definition");
  await expect(captured).toHaveText(["Ana", "ana@example.com"]);
  const tools = page.getByRole("list", { name: "Tool calls" });
  await expect(tools).toContainText("capture_field");
  await expect(tools).toContainText("applied: Captured “email”.");
  await expect(tools).toContainText("advance_stage");
  await page.getByText("Rendered prompt").click();
  await expect(page.getByText("## Current stage: Qualify (qualify)")).toBeVisible();

  // A human is asked for: the handoff template answers and the inspector shows who holds it.
  await send("Can I talk to a person?", "I'm bringing in a member of the Acme Bikes (sample) team. They'll reply right here.");
  await expect(page.getByLabel("Inspector")).toContainText("answered by a human");
});
