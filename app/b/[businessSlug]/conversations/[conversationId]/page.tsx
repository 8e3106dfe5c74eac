import Link from "next/link";
import { notFound } from "next/navigation";
import { ConversationView } from "@/components/console/conversation-view";
import { StageTimeline } from "@/components/console/stage-timeline";
import { toWire } from "@/components/console/types";
import { getConversation, listMessages } from "@/lib/conversations/service";
import { cannedResponses } from "@/lib/conversations/staff";
import { conversationTimeline } from "@/lib/conversations/timeline";
import { businessPage } from "@/lib/http/business-page";
import { orNotFound } from "@/lib/http/page-session";
import { listMembers } from "@/lib/members/service";
import { listStages } from "@/lib/stages/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Conversation" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ConversationPage({ params }: { params: Promise<{ businessSlug: string; conversationId: string }> }) {
  const { businessSlug, conversationId } = await params;
  if (!UUID.test(conversationId)) notFound();
  const { actor, business } = await businessPage(businessSlug);
  const conversation = await orNotFound(getConversation(actor, business.id, conversationId));
  const canWrite = can(business.role, "conversations.write");
  const [messages, timeline, stages, members, canned] = await Promise.all([
    listMessages(actor, business.id, conversationId, { limit: 200 }),
    conversationTimeline(actor, business.id, conversationId),
    listStages(actor, business.id, { limit: 100 }),
    listMembers(actor, business.id, { limit: 100 }),
    canWrite ? cannedResponses(actor, business.id, conversationId) : Promise.resolve([]),
  ]);
  return (
    <>
      <p className="mb-3 text-sm">
        <Link href={`/b/${business.slug}/conversations`} className="text-brand-600 hover:underline">
          ← Conversations
        </Link>
      </p>
      <ConversationView
        businessId={business.id}
        initial={toWire(conversation)}
        initialMessages={messages.data.map(toWire)}
        stages={stages.data.filter((s) => !s.archivedAt).map((s) => ({ id: s.id, key: s.key, name: s.name }))}
        // Viewers cannot be assigned: they may not reply.
        members={members.data.filter((m) => m.role !== "viewer").map((m) => ({ id: m.userId, name: m.name }))}
        canned={canned}
        canWrite={canWrite}
        timeline={<StageTimeline entries={timeline} />}
      />
    </>
  );
}
