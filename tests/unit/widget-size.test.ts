import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultWidgetSettings, type Business } from "@/db/schema";
import { widgetFrame } from "@/lib/widget/frame";
import { buildWidget } from "@/scripts/build-widget";

const gzipped = (content: string | Buffer) => gzipSync(content, { level: 9 }).byteLength;

const sample: Business = {
  id: crypto.randomUUID(),
  slug: "sample",
  name: "Sample Bikes",
  description: "",
  timezone: "UTC",
  locale: "en",
  widgetPublicKey: `pk_${"a".repeat(32)}`,
  widgetSettings: { ...defaultWidgetSettings, allowedOrigins: ["https://shop.example.com"], greeting: "Hello! How can we help?" },
  archivedAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
};

/** The budgets promised in docs/widget.md: the build fails the suite when it goes over. */
describe("widget bundle sizes", () => {
  let bundles: Awaited<ReturnType<typeof buildWidget>>;
  beforeAll(async () => {
    bundles = await buildWidget(fs.mkdtempSync(path.join(os.tmpdir(), "parley-widget-")));
  }, 60_000);

  it("keeps the loader within 3 KB gzipped", () => {
    expect(gzipped(fs.readFileSync(bundles.loader))).toBeLessThanOrEqual(3 * 1024);
  });

  it("keeps everything loaded before the first message within 60 KB gzipped", () => {
    const parts = [bundles.loader, bundles.frameScript, bundles.frameStyles].map((file) => gzipped(fs.readFileSync(file)));
    const total = parts.reduce((sum, size) => sum + size, gzipped(widgetFrame(sample, "https://shop.example.com").html));
    expect(total).toBeLessThanOrEqual(60 * 1024);
  });
});
