import { expect, test, type Page } from "@playwright/test";
import { newOwner } from "./fixtures";
import { startShopSite } from "./shop-site";

/*
 * An owner puts the sample business's chat on their own shop's site: allow the shop's origin,
 * copy the snippet, and a visitor on that site (another origin) chats with the scripted agent
 * through the widget; staff take over and hand back in the console; the conversation survives a
 * reload, and a site that is not allowed gets no widget at all.
 */
let shop: Awaited<ReturnType<typeof startShopSite>>;

test.beforeAll(async () => {
  shop = await startShopSite();
});

test.afterAll(() => shop.close());

const launcher = (page: Page) => page.getByRole("button", { name: "Talk to Maya" });

test("a visitor on the business's own site chats with its agent through the widget", async ({ page, browser }) => {
  await newOwner(page, { name: "Wendy Widget", email: "wendy@example.com", password: "widgets all the way" }, "Wendy's Shop");
  await page.getByText("Wendy's Shop").first().click();
  await page.getByRole("button", { name: "Load a sample business" }).click();
  await expect(page).toHaveURL(/\/b\/acme-bikes-sample[\w-]*$/);

  await page.getByRole("navigation", { name: "Business sections" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings sections" }).getByRole("link", { name: "Widget" }).click();
  await expect(page.getByText("No site is allowed yet")).toBeVisible();

  // A plain-http origin other than localhost is refused next to the field.
  await page.getByLabel("Allowed origins").fill("http://shop.example.com");
  await page.getByRole("button", { name: "Save widget" }).click();
  // (The field's hint mentions localhost too: wait for the error itself, before typing again.)
  await expect(page.getByLabel("Allowed origins")).toHaveAccessibleDescription(/^http:\/\/shop\.example\.com: Use https:\/\//);

  const shopOrigin = shop.origin;
  await page.getByLabel("Allowed origins").fill(shopOrigin);
  await page.getByLabel("Launcher text").fill("Talk to Maya");
  await page.getByLabel("Greeting (optional)").fill("Welcome to Acme Bikes!");
  await page.getByRole("button", { name: "Save widget" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Allowed origins")).toHaveValue(shopOrigin);
  const snippet = await page.getByLabel("Embed snippet").inputValue();
  shop.embed(snippet);
  expect(snippet).toMatch(/^<script src="http:\/\/[^"]+\/widget\.js" data-key="pk_[0-9a-f]{32}" async><\/script>$/);

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${shopOrigin}/`);
  await expect(launcher(visitor)).toBeVisible();
  await expect(launcher(visitor)).not.toHaveCSS("background-color", "rgb(255, 0, 0)");
  const socket = visitor.waitForEvent("websocket", (ws) => ws.url().includes("/socket.io/"));
  await launcher(visitor).click();
  await expect(launcher(visitor)).toHaveAttribute("aria-expanded", "true");
  // The chat runs over a socket (REST and SSE only when that cannot connect).
  expect((await socket).isClosed()).toBe(false);

  const chat = visitor.frameLocator("iframe[title=Chat]");
  const log = chat.getByRole("log", { name: "Messages" });
  await expect(chat.getByText("Welcome to Acme Bikes!")).toBeVisible();
  await expect(log).toContainText("Hi! I'm Maya from Acme Bikes (sample). What brings you here today?");
  await expect(chat.getByLabel("Message", { exact: true })).toBeFocused();

  await chat.getByLabel("Message", { exact: true }).fill("Hi, I'm looking for a bike");
  await chat.getByLabel("Message", { exact: true }).press("Enter");
  await expect(log).toContainText("Great! What's your name?");
  // Answered, the visitor's message is marked read.
  await expect(log.locator(".m.contact small")).toHaveText("Read");
  await expect.poll(() => visitor.evaluate(() => (window as unknown as { received: string[] }).received)).toContain("Great! What's your name?");

  // Markup in a message is shown as text, never run.
  await chat.getByLabel("Message", { exact: true }).fill("<b>Ana</b>");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(log).toContainText("<b>Ana</b>");
  await expect(log.locator("b")).toHaveCount(0);
  await expect(log).toContainText("What's the best email");

  // Staff watch it live in the console, and take over: the visitor sees who joined, and read marks.
  await page.getByRole("navigation", { name: "Business sections" }).getByRole("link", { name: "Conversations" }).click();
  await page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: /Anonymous visitor/ }).click();
  const staffView = page.getByRole("list", { name: "Messages" });
  await expect(staffView).toContainText("<b>Ana</b>");
  await page.getByRole("button", { name: "Take over" }).click();
  await expect(log).toContainText("Wendy from Acme Bikes (sample) joined the chat");
  await page.getByLabel("Reply", { exact: true }).fill("Hi Ana, Wendy here.");
  await expect(chat.getByText("Wendy is typing…")).toBeVisible();
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(log).toContainText("Hi Ana, Wendy here.");

  // While a human holds the conversation the AI stays silent.
  const aiReplies = await log.locator(".m.assistant").count();
  await chat.getByLabel("Message", { exact: true }).fill("ana@example.com");
  await chat.getByLabel("Message", { exact: true }).press("Enter");
  await expect(staffView.locator("[data-role=contact]").last()).toContainText("ana@example.com");
  await page.waitForTimeout(500);
  await expect(log.locator(".m.assistant")).toHaveCount(aiReplies);

  // Handed back, the AI answers what waited, from the current stage.
  await page.getByRole("button", { name: "Hand back to the AI" }).click();
  await expect(log).toContainText("You are chatting with Acme Bikes (sample)'s assistant again");
  await expect(log.locator(".m.assistant").last()).toContainText("we have three lines");

  // The JS API closes it, Escape too; the conversation is still there after a reload.
  await visitor.evaluate(() => (window as unknown as { Parley: (command: string) => void }).Parley("close"));
  await expect(launcher(visitor)).toHaveAttribute("aria-expanded", "false");
  await visitor.reload();
  await launcher(visitor).click();
  await expect(log).toContainText("Great! What's your name?");
  await expect(log).toContainText("<b>Ana</b>");
  await chat.getByLabel("Message", { exact: true }).press("Escape");
  await expect(launcher(visitor)).toHaveAttribute("aria-expanded", "false");

  // The same page on an origin that is not allowed gets no widget.
  const stranger = await (await browser.newContext()).newPage();
  const refused = stranger.waitForResponse((response) => response.url().includes("/widget/frame"));
  await stranger.goto(`http://127.0.0.1:${shop.port}/`);
  expect((await refused).status()).toBe(403);
  await expect(launcher(stranger)).toHaveCount(0);
  await Promise.all([visitor.context().close(), stranger.context().close()]);
});
