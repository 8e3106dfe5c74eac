import { expect, type Browser, type Page } from "@playwright/test";

export type Person = { name: string; email: string; password: string };

export async function signIn(page: Page, who: Pick<Person, "email" | "password">) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/b\//);
}

/**
 * A new user who creates their own business: how every spec but the first-run one starts, since
 * all specs share one install (e2e/foundation.spec.ts runs first and does the one-time setup).
 * Ends on the business's overview page.
 */
export async function newOwner(page: Page, who: Person, businessName: string) {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/businesses\/new$/);
  await page.getByLabel("Business name").fill(businessName);
  await page.getByRole("button", { name: "Create business" }).click();
  await expect(page).toHaveURL(/\/b\/[\w-]+$/);
}

/**
 * Invites someone from a signed-in owner's page and has them sign up and accept in a browser
 * context of their own. Returns their page, on the business's overview.
 */
export async function inviteAndJoin(page: Page, browser: Browser, businessSlug: string, who: Person, role: "admin" | "agent" | "viewer"): Promise<Page> {
  await page.goto(`/b/${businessSlug}/members`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Role").selectOption(role);
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const invitationUrl = await page.getByLabel("Invitation link").inputValue();
  const joined = await (await browser.newContext()).newPage();
  // The link names the server's public host; stay on the test's own so the session cookie applies.
  await joined.goto(new URL(invitationUrl).pathname);
  await joined.getByRole("link", { name: "Create account" }).click();
  await joined.getByLabel("Your name").fill(who.name);
  await joined.getByLabel("Password").fill(who.password);
  await joined.getByRole("button", { name: "Create account" }).click();
  await joined.getByRole("button", { name: "Accept invitation" }).click();
  await expect(joined).toHaveURL(new RegExp(`/b/${businessSlug}$`));
  return joined;
}
