import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startShopSite } from "./shop-site";

/*
 * Parley restarts in the middle of a widget conversation. The visitor writes while it is down;
 * when it is back the widget reconnects, sends what waited, resyncs, and nothing is lost or
 * doubled. This spec runs its own Parley (the built app, its own embedded database) so it can
 * stop and start it.
 */
const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-restart-"));
let parley: ChildProcess | null = null;
let shop: Awaited<ReturnType<typeof startShopSite>>;

async function startParley() {
  parley = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "", REDIS_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await expect
    .poll(async () => (await fetch(`${base}/api/ready`).catch(() => null))?.status, { timeout: 60_000, intervals: [250] })
    .toBe(200);
}

async function stopParley() {
  const stopping = new Promise((resolve) => parley!.once("exit", resolve));
  parley!.kill("SIGTERM");
  await stopping;
}

test.beforeAll(async () => {
  shop = await startShopSite();
  await startParley();
});

test.afterAll(async () => {
  if (parley?.exitCode === null) await stopParley();
  await shop.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a restart mid-conversation loses nothing and doubles nothing", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto(`${base}/setup`);
  await page.getByLabel("Your name").fill("Rhea Restart");
  await page.getByLabel("Email").fill("rhea@example.com");
  await page.getByLabel("Password").fill("restarts are fine 42");
  await page.getByLabel("Business name").fill("Rhea's Shop");
  await page.getByLabel("Start with").selectOption("sample");
  await page.getByRole("button", { name: /create owner account/i }).click();
  await expect(page).toHaveURL(/\/b\//);

  const businesses = (await (await page.request.get(`${base}/api/v1/businesses`)).json()) as { data: { id: string; slug: string }[] };
  const sample = businesses.data.find((b) => b.slug.startsWith("acme-bikes"))!;
  const patched = await page.request.patch(`${base}/api/v1/businesses/${sample.id}`, { data: { widget: { allowedOrigins: [shop.origin] } }, headers: { origin: base } });
  expect(patched.status()).toBe(200);
  shop.embed(`<script src="${base}/widget.js" data-key="${((await patched.json()) as { widgetPublicKey: string }).widgetPublicKey}" async></script>`);

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${shop.origin}/`);
  await visitor.getByRole("button", { name: "Chat with us" }).click();
  const chat = visitor.frameLocator("iframe[title=Chat]");
  const log = chat.getByRole("log", { name: "Messages" });
  const input = chat.getByLabel("Message", { exact: true });
  await input.fill("Hi, I'm looking for a bike");
  await input.press("Enter");
  await expect(log).toContainText("Great! What's your name?");

  await stopParley();
  // Written while Parley is down: kept, and shown as not sent yet.
  await input.fill("Ana");
  await input.press("Enter");
  await expect(chat.getByRole("status")).toContainText("offline");

  await startParley();
  await expect(log).toContainText("Thanks, Ana! What's the best email to send you the options?", { timeout: 30_000 });
  await expect(chat.locator("#status")).toBeEmpty();
  // Every message once, in order.
  await expect(log.locator(".m p")).toHaveText([
    "Hi! I'm Maya from Acme Bikes (sample). What brings you here today?",
    "Hi, I'm looking for a bike",
    "Great! What's your name?",
    "Ana",
    "Thanks, Ana! What's the best email to send you the options?",
  ]);
  await visitor.reload();
  await visitor.getByRole("button", { name: "Chat with us" }).click();
  await expect(log.locator(".m p")).toHaveCount(5);
  // Closed before Parley stops, so the widget does not go on reconnecting into the next specs.
  await visitor.context().close();
});
