import { describe, expect, it } from "vitest";
import { applyChange, type ConsoleConversation } from "@/components/console/types";
import { consoleJoin, conversationJoin, staffSend, typingInput } from "@/lib/realtime/events";

const id = "0b5c8c2e-4f7a-4c1e-9d2b-3a6f1e2d4c5b";

describe("socket payloads", () => {
  it("accept well-formed requests", () => {
    expect(consoleJoin.safeParse({ businessId: id }).success).toBe(true);
    expect(conversationJoin.safeParse({ businessId: id, conversationId: id }).success).toBe(true);
    expect(typingInput.safeParse({ conversationId: id, typing: false }).success).toBe(true);
    expect(staffSend.safeParse({ businessId: id, conversationId: id, kind: "note", content: "VIP", clientMessageId: "n-1" }).success).toBe(true);
  });

  it("refuse unknown fields, bad ids and kinds", () => {
    expect(consoleJoin.safeParse({ businessId: id, role: "owner" }).success).toBe(false);
    expect(consoleJoin.safeParse({ businessId: "business-1" }).success).toBe(false);
    expect(typingInput.safeParse({ conversationId: id, typing: "yes" }).success).toBe(false);
    expect(staffSend.safeParse({ businessId: id, conversationId: id, kind: "system", content: "x", clientMessageId: "a" }).success).toBe(false);
  });

  it("hold staff messages to the contact message rules", () => {
    const send = (content: string, clientMessageId = "m-1") => staffSend.safeParse({ businessId: id, conversationId: id, kind: "reply", content, clientMessageId });
    expect(send("   ").error?.issues[0]?.message).toBe("Write a message.");
    expect(send("x".repeat(4001)).success).toBe(false);
    expect(send("bell\u0007").success).toBe(false);
    expect(send("fine", "has spaces").success).toBe(false);
  });
});

describe("applying a live change to a list row", () => {
  const row: ConsoleConversation = {
    id,
    status: "open",
    holder: "ai",
    channel: "api",
    contactWrote: true,
    agentId: null,
    assigneeId: null,
    captured: {},
    aiTurns: 0,
    lastMessageAt: "2026-01-01T10:00:00.000Z",
    resolvedAt: null,
    createdAt: "2026-01-01T10:00:00.000Z",
    stage: null,
    contact: { id, name: "Ana", email: null, phone: null, externalId: null },
  };
  const stages = [{ id: "s1", key: "qualify", name: "Qualify" }];

  it("takes the new state and names the stage, keeping the contact", () => {
    const next = applyChange(row, { id, status: "waiting", holder: "human", stageId: "s1", assigneeId: null, agentId: null, captured: { name: "Ana" }, aiTurns: 2, lastMessageAt: "2026-01-01T10:05:00.000Z", resolvedAt: null }, stages);
    expect(next).toMatchObject({ status: "waiting", holder: "human", stage: { name: "Qualify" }, captured: { name: "Ana" }, contact: { name: "Ana" } });
  });

  it("shows no stage when the stage is unknown (archived since the page loaded)", () => {
    expect(applyChange(row, { ...row, stageId: "gone" }, stages).stage).toBeNull();
  });
});
