import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./fixtures";

/*
 * One story on one fresh install, in order: first-run setup, signing in and out, businesses,
 * inviting a member, and tenant isolation between two businesses.
 */
test.describe.configure({ mode: "serial" });

const owner = { name: "Alice Owner", email: "alice@example.com", password: "correct horse battery" };
const member = { name: "Bob Agent", email: "bob@example.com", password: "tangerine submarine 42" };

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

let invitationUrl = "";
let otherBusiness = { slug: "", id: "" };

test("first visit leads to setup, which creates the owner and the first business", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("password1");
  await page.getByLabel("Business name").fill("Acme Bikes");
  await page.getByRole("button", { name: /create owner account/i }).click();
  // A password from the common list is refused next to the field, and the other inputs are kept.
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/too common/);
  await expect(page.getByLabel("Business name")).toHaveValue("Acme Bikes");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: /create owner account/i }).click();
  await expect(page).toHaveURL(/\/b\/acme-bikes$/);
  await expect(page.getByRole("heading", { name: "Acme Bikes" })).toBeVisible();
  await expect(page.getByRole("main").getByText("owner", { exact: true })).toBeVisible();

  // Setup is a one-time door.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup/);
});

test("sign out, a wrong password is refused clearly, the right one signs in", async ({ page }) => {
  await signIn(page, owner);
  await expect(page).toHaveURL(/\/b\/acme-bikes/);
  await signOut(page);
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The email or password is incorrect" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/b\/acme-bikes/);
});

test("create a second business, switch between them, rename one", async ({ page }) => {
  await signIn(page, owner);
  await page.locator("summary", { hasText: "Acme Bikes" }).click();
  await page.getByRole("link", { name: "+ New business" }).click();
  await page.getByLabel("Business name").fill("Acme Repairs");
  await page.getByRole("button", { name: "Create business" }).click();
  await expect(page).toHaveURL(/\/b\/acme-repairs$/);

  await page.locator("summary", { hasText: "Acme Repairs" }).click();
  await page.getByRole("link", { name: /Acme Bikes/ }).click();
  await expect(page).toHaveURL(/\/b\/acme-bikes$/);
  await expect(page.getByRole("heading", { name: "Acme Bikes" })).toBeVisible();

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name").fill("Acme Bicycles");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByRole("heading", { name: "Acme Bicycles" })).toBeVisible();
});

test("invite a member by link; they sign up, accept, and get the invited role", async ({ page, browser }) => {
  await signIn(page, owner);
  await page.goto("/b/acme-bikes/members");
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Role").selectOption("agent");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = page.getByLabel("Invitation link");
  await expect(link).toBeVisible();
  invitationUrl = await link.inputValue();
  await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(member.email);

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await bob.goto(invitationUrl);
  await expect(bob.getByText("You are invited to join Acme Bicycles as agent")).toBeVisible();
  await bob.getByRole("link", { name: "Create account" }).click();
  await expect(bob.getByLabel("Email")).toHaveValue(member.email);
  await bob.getByLabel("Your name").fill(member.name);
  await bob.getByLabel("Password").fill(member.password);
  await bob.getByRole("button", { name: "Create account" }).click();
  await expect(bob).toHaveURL(/\/invite\//);
  await bob.getByRole("button", { name: "Accept invitation" }).click();
  await expect(bob).toHaveURL(/\/b\/acme-bikes$/);
  await expect(bob.getByRole("main").getByText("agent", { exact: true })).toBeVisible();

  // Support staff see the team but cannot invite.
  await bob.getByRole("navigation").getByRole("link", { name: "Members" }).click();
  await expect(bob.getByRole("list", { name: "Members" })).toContainText(owner.email);
  await expect(bob.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);

  // The link worked once; it does not work again.
  await bob.goto(invitationUrl);
  await expect(bob.getByText("not valid any more")).toBeVisible();

  // Bob starts a business of his own, which Alice is not part of.
  await bob.goto("/businesses/new");
  await bob.getByLabel("Business name").fill("Bob's Bakery");
  await bob.getByRole("button", { name: "Create business" }).click();
  await expect(bob).toHaveURL(/\/b\/bob-s-bakery$/);
  const response = await bob.request.get("/api/v1/businesses");
  const list = (await response.json()) as { data: { id: string; slug: string }[] };
  otherBusiness = list.data.find((b) => b.slug === "bob-s-bakery")!;
  await bobContext.close();

  // The owner sees Bob as a member and changes his role.
  await page.reload();
  const bobRow = page.getByRole("listitem").filter({ hasText: member.email });
  await bobRow.getByLabel("Role").selectOption("viewer");
  await bobRow.getByRole("button", { name: "Change" }).click();
  await expect(bobRow.getByText("Role changed.")).toBeVisible();
});

test("a member of one business gets a 404 for another business's pages and API", async ({ page }) => {
  expect(otherBusiness.id).toBeTruthy();
  await signIn(page, owner);
  await expect(page).toHaveURL(/\/b\//);

  const pageResponse = await page.goto(`/b/${otherBusiness.slug}`);
  expect(pageResponse?.status()).toBe(404);
  await expect(page.getByText("Page not found")).toBeVisible();
  expect((await page.goto(`/b/${otherBusiness.slug}/members`))?.status()).toBe(404);

  const api = await page.request.get(`/api/v1/businesses/${otherBusiness.id}`);
  expect(api.status()).toBe(404);
  expect(api.headers()["content-type"]).toContain("application/problem+json");
  expect((await api.json()).code).toBe("not_found");
  const members = await page.request.get(`/api/v1/businesses/${otherBusiness.id}/members`);
  expect(members.status()).toBe(404);
});

test("an API key made in settings works as a Bearer token until revoked; the API reference is readable", async ({ page, request }) => {
  // `request` shares no cookies with the page: it calls the API as an integration would.
  await signIn(page, owner);
  await page.goto("/b/acme-bikes/settings/api-keys");
  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("button", { name: "Create API key" }).click();
  const secret = await page.getByLabel("New API key secret").inputValue();
  expect(secret).toMatch(/^prl_/);

  const listed = await request.get("/api/v1/businesses", { headers: { authorization: `Bearer ${secret}` } });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).data.map((b: { slug: string }) => b.slug)).toEqual(["acme-bikes"]);

  // After a reload the secret is gone for good; only its prefix identifies the key.
  await page.reload();
  await expect(page.getByRole("list", { name: "API keys" })).toContainText("CRM sync");
  await expect(page.locator("body")).not.toContainText(secret);
  await page.getByRole("list", { name: "API keys" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("list", { name: "API keys" })).toHaveCount(0);
  const refused = await request.get("/api/v1/businesses", { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);

  await page.getByRole("link", { name: "REST API" }).click();
  await expect(page.getByRole("heading", { name: "REST API v1 reference" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  await expect(page.locator("article", { hasText: "/businesses/{businessId}/api-keys" }).first()).toContainText("scopes");
});
