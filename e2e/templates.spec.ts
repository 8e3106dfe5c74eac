import { expect, test } from "@playwright/test";
import { newOwner } from "./fixtures";

/*
 * An admin writes a greeting on a fresh install: live preview, an unknown variable refused with
 * its line and column, a second version, the diff between them, and restoring the first.
 */
test("write a greeting template with a live preview, version it, diff and restore", async ({ page }) => {
  await newOwner(page, { name: "Tess Admin", email: "tess@example.com", password: "lantern orchard 77 violet" }, "Bright Bikes");
  await expect(page).toHaveURL(/\/b\/bright-bikes$/);

  await page.getByRole("navigation", { name: "Business sections" }).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByText("No templates yet.")).toBeVisible();
  await page.getByRole("link", { name: "New template" }).click();

  await page.getByLabel("Name").fill("Welcome");
  await expect(page.getByLabel("Kind")).toHaveValue("greeting");
  const body = page.getByLabel("Body");
  const preview = page.getByTestId("template-preview");
  await body.fill("Hi! Welcome to {{ business.name }}.");
  await expect(preview).toHaveText("Hi! Welcome to Bright Bikes.");

  // A typo on the second line: the preview and the save both point at it.
  await body.fill("Hi!\nThanks, {{ contact.nmae }}");
  await expect(preview).toHaveText("Line 2, column 12: unknown variable “contact.nmae”");
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(body).toHaveAccessibleDescription("Line 2, column 12: unknown variable “contact.nmae”");
  await expect(page).toHaveURL(/\/templates\/new$/);

  // Clicking a catalogue entry inserts it at the cursor.
  await body.fill("Hi! Welcome to ");
  await page.getByRole("button", { name: "business.name", exact: true }).click();
  await expect(body).toHaveValue("Hi! Welcome to {{ business.name }}");
  await expect(preview).toHaveText("Hi! Welcome to Bright Bikes");
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Welcome" })).toBeVisible();
  await expect(page.getByText("No agent or stage uses this template yet.")).toBeVisible();

  await page.getByLabel("Body").fill("Hello from {{ business.name }}!\nHow can we help?");
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByText("Saved as version 2.")).toBeVisible();

  await page.getByRole("link", { name: "History and diffs" }).click();
  const diff = page.getByTestId("version-diff");
  await expect(diff.locator("del")).toHaveText(["-Removed: Hi! Welcome to {{ business.name }}"]);
  await expect(diff.locator("ins")).toHaveText(["+Added: Hello from {{ business.name }}!", "+Added: How can we help?"]);

  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByText("Restored as version 3.")).toBeVisible();
  const versions = page.getByRole("list", { name: "Versions" });
  await expect(versions.getByRole("listitem").first()).toContainText("Version 3");
  await expect(versions.getByRole("listitem").first()).toContainText("restored from version 1");

  // Compare the restored version with the one it replaced.
  await page.getByLabel("From version").selectOption("2");
  await page.getByLabel("To version").selectOption("3");
  await page.getByRole("button", { name: "Show diff" }).click();
  await expect(diff.locator("ins")).toHaveText(["+Added: Hi! Welcome to {{ business.name }}"]);

  await page.getByRole("link", { name: "← Back to the template" }).click();
  await expect(page.getByLabel("Body")).toHaveValue("Hi! Welcome to {{ business.name }}");
  await expect(page.getByText("Version 3 ·")).toBeVisible();
});
