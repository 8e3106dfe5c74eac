import { describe, expect, it } from "vitest";
import { emitEngineEvent, onConversationEvents, onEngineEvents, type EngineEvent } from "@/lib/engine/events";

const delta = (conversationId: string, text: string): EngineEvent => ({ type: "delta", businessId: "b", conversationId, messageId: "m", replyTo: 1, delta: text });

describe("the engine's event bus", () => {
  it("gives a conversation's listeners its events only, and every event to the listeners of all", () => {
    const ana: string[] = [];
    const all: string[] = [];
    const stopAna = onConversationEvents("ana", (e) => e.type === "delta" && ana.push(e.delta));
    const stopAll = onEngineEvents((e) => e.type === "delta" && all.push(`${e.conversationId}:${e.delta}`));
    emitEngineEvent(delta("ana", "hi"));
    emitEngineEvent(delta("ben", "yo"));
    expect(ana).toEqual(["hi"]);
    expect(all).toEqual(["ana:hi", "ben:yo"]);
    stopAna();
    stopAll();
    emitEngineEvent(delta("ana", "gone"));
    expect(ana).toEqual(["hi"]);
    expect(all).toEqual(["ana:hi", "ben:yo"]);
  });

  it("keeps two subscriptions of one function apart, and a listener may unsubscribe while handling", () => {
    const seen: string[] = [];
    const record = (e: EngineEvent) => e.type === "delta" && seen.push(e.delta);
    const first = onConversationEvents("cleo", record);
    const second = onConversationEvents("cleo", record);
    const once: () => void = onConversationEvents("cleo", () => once());
    emitEngineEvent(delta("cleo", "a"));
    first();
    emitEngineEvent(delta("cleo", "b"));
    second();
    emitEngineEvent(delta("cleo", "c"));
    expect(seen).toEqual(["a", "a", "b"]);
  });
});
