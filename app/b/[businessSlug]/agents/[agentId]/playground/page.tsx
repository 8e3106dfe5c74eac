import Link from "next/link";
import { notFound } from "next/navigation";
import { Playground } from "@/components/agents/playground";
import { getAgent } from "@/lib/agents/service";
import { businessPage } from "@/lib/http/business-page";
import { orNotFound } from "@/lib/http/page-session";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Playground" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PlaygroundPage({ params }: { params: Promise<{ businessSlug: string; agentId: string }> }) {
  const { businessSlug, agentId } = await params;
  if (!UUID.test(agentId)) notFound();
  const { actor, business } = await businessPage(businessSlug);
  const agent = await orNotFound(getAgent(actor, business.id, agentId));
  // Chatting starts real conversations, which viewers may read but not create.
  if (!can(business.role, "conversations.write")) notFound();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/b/${business.slug}/agents/${agent.id}`} className="text-brand-600 hover:underline">
          ← {agent.name}
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900">Playground: {agent.name}</h1>
      <Playground businessId={business.id} agentId={agent.id} agentName={agent.name} />
    </>
  );
}
