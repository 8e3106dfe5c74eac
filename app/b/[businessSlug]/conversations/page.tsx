import { ConversationList } from "@/components/console/conversation-list";
import { toWire } from "@/components/console/types";
import { PageHeader } from "@/components/ui/card";
import { listAgents } from "@/lib/agents/service";
import { listConversations } from "@/lib/conversations/service";
import { businessPage } from "@/lib/http/business-page";
import { listMembers } from "@/lib/members/service";
import { listStages } from "@/lib/stages/service";

export const metadata = { title: "Conversations" };

export default async function ConversationsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  const [conversations, stages, agents, members] = await Promise.all([
    listConversations(actor, business.id, { limit: 50 }),
    listStages(actor, business.id, { limit: 100 }),
    listAgents(actor, business.id, { limit: 100 }),
    listMembers(actor, business.id, { limit: 100 }),
  ]);
  return (
    <>
      <PageHeader title="Conversations" description="Every conversation as it happens. Open one to watch it live, take over from the AI, reply and hand back." />
      <ConversationList
        businessId={business.id}
        slug={business.slug}
        initial={{ data: conversations.data.map(toWire), nextCursor: conversations.nextCursor }}
        stages={stages.data.filter((s) => !s.archivedAt).map((s) => ({ id: s.id, key: s.key, name: s.name }))}
        agents={agents.data.map((a) => ({ id: a.id, name: a.name }))}
        members={members.data.map((m) => ({ id: m.userId, name: m.name }))}
      />
    </>
  );
}
