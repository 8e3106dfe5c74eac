import { expect, test } from "@playwright/test";
import { newOwner } from "./fixtures";

/*
 * A support lead watches the live console: a conversation started through the API appears
 * without a reload, its AI reply streams in, she takes over and replies (the AI stays silent),
 * then hands back and the AI carries on from the current stage.
 */
test("watch a conversation live, take over, reply and hand back to the AI", async ({ page, baseURL }) => {
  await newOwner(page, { name: "Cora Console", email: "cora@example.com", password: "live chats all day 7" }, "Cora's Desk");
  await page.getByText("Cora's Desk").first().click();
  await page.getByRole("button", { name: "Load a sample business" }).click();
  await expect(page).toHaveURL(/\/b\/acme-bikes-sample[\w-]*$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const businesses = (await (await page.request.get("/api/v1/businesses?limit=100")).json()) as { data: { id: string; slug: string }[] };
  const businessId = businesses.data.find((b) => b.slug === slug)!.id;
  const api = `/api/v1/businesses/${businessId}/conversations`;
  // Cookie-authenticated changes must name this site as their Origin, as a browser would.
  const post = (path: string, data: unknown) => page.request.post(path, { data, headers: { origin: baseURL! } });
  // The console's socket can be held back, as on a slow network, to write while a page loads.
  let socketsHeld = Promise.resolve();
  await page.routeWebSocket(/\/socket\.io\//, async (socket) => {
    await socketsHeld;
    socket.connectToServer();
  });
  const holdSockets = () => {
    let release!: () => void;
    socketsHeld = new Promise((resolve) => (release = resolve));
    return release;
  };

  await page.getByRole("navigation", { name: "Business sections" }).getByRole("link", { name: "Conversations" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

  // Started elsewhere (here: the REST API), it shows up in the open console.
  const started = await post(api, { contact: { name: "Rita Rider", email: "rita@example.com" } });
  expect(started.status()).toBe(201);
  const conversationId = ((await started.json()) as { id: string }).id;
  const list = page.getByRole("list", { name: "Conversations" });
  await expect(list.getByRole("link", { name: /Rita Rider/ })).toBeVisible();

  await list.getByRole("link", { name: /Rita Rider/ }).click();
  await expect(page.getByLabel("Viewing now")).toHaveText("Viewing: Cora Console");
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages).toContainText("Hi! I'm Maya from Acme Bikes (sample). What brings you here today?");

  // The contact writes; the message and the AI's reply arrive live.
  const say = (content: string) => post(`${api}/${conversationId}/messages`, { content, clientMessageId: crypto.randomUUID() });
  await say("I'm looking for a bike");
  await expect(messages.locator("[data-role=contact]").last()).toContainText("I'm looking for a bike");
  await expect(messages.locator("[data-role=assistant]").last()).toContainText("Great! What's your name?");
  await expect(page.getByRole("list", { name: "Stage timeline" })).toContainText("Qualify");

  // Take over: the AI is muted at once.
  await page.getByRole("button", { name: "Take over" }).click();
  await expect(page.getByText("A human is answering: the AI is muted")).toBeVisible();
  await page.getByLabel("Reply", { exact: true }).fill("Hi Rita, Cora here. Happy to help you choose: https://acme.example/bikes.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(messages.locator("[data-role=staff]")).toContainText("Hi Rita, Cora here.");
  await expect(messages.getByRole("link", { name: "https://acme.example/bikes" })).toHaveAttribute("rel", "noopener noreferrer nofollow ugc");

  const assistantReplies = await messages.locator("[data-role=assistant]").count();
  const silent = await say("Rita");
  expect(((await silent.json()) as { reply: unknown }).reply).toBeNull();
  await expect(messages.locator("[data-role=contact]").last()).toContainText("Rita");
  await expect(messages.locator("[data-role=assistant]")).toHaveCount(assistantReplies);

  // Handed back, the AI answers what waited and carries on with the next message.
  await page.getByRole("button", { name: "Hand back to the AI" }).click();
  await expect(page.getByText("The AI is answering")).toBeVisible();
  await expect(messages.locator("[data-role=assistant]").last()).toContainText("Thanks, Rita! What's the best email to send you the options?");
  await say("rita@example.com");
  await expect(messages.locator("[data-role=assistant]").last()).toContainText("Rita, we have three lines");
  await expect(page.getByLabel("Captured fields")).toContainText("rita@example.com");

  // What the contact writes while the page loads, before its socket has joined, is shown all the same.
  let release = holdSockets();
  await page.reload();
  await expect(page.getByLabel("Viewing now")).toHaveText("Connecting…");
  const meanwhile = (await (await say("Do you have e-bikes?")).json()) as { reply: { content: string } };
  release();
  await expect(page.getByLabel("Viewing now")).toHaveText("Viewing: Cora Console");
  await expect(messages.locator("[data-role=contact]").last()).toContainText("Do you have e-bikes?");
  await expect(messages.locator("[data-role=assistant]").last()).toContainText(meanwhile.reply.content);

  // Likewise a conversation started while the list loads.
  await page.getByRole("link", { name: "← Conversations" }).click();
  await expect(page).toHaveURL(/\/conversations$/);
  release = holdSockets();
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "Connecting…" })).toBeVisible();
  expect((await post(api, { contact: { name: "Sam Early" } })).status()).toBe(201);
  release();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  await expect(list.getByRole("link", { name: /Sam Early/ })).toBeVisible();
});
