import Link from "next/link";
import { notFound } from "next/navigation";
import { AgentAvatar, StatusBadge } from "@/components/agents/agent-avatar";
import { AgentForm, DeleteAgentForm } from "@/components/agents/agent-form";
import { FormMessage } from "@/components/ui/field";
import { agentFormOptions, getAgent } from "@/lib/agents/service";
import { businessPage } from "@/lib/http/business-page";
import { orNotFound } from "@/lib/http/page-session";
import { listProviderCredentials } from "@/lib/providers/credentials";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Agent" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AgentPage({ params, searchParams }: { params: Promise<{ businessSlug: string; agentId: string }>; searchParams: Promise<{ created?: string }> }) {
  const { businessSlug, agentId } = await params;
  const { created } = await searchParams;
  if (!UUID.test(agentId)) notFound();
  const { actor, business } = await businessPage(businessSlug);
  const [agent, options, credentials] = await Promise.all([
    orNotFound(getAgent(actor, business.id, agentId)),
    agentFormOptions(actor, business.id),
    listProviderCredentials(actor, business.id),
  ]);
  const canWrite = can(business.role, "agents.write");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/b/${business.slug}/agents`} className="text-brand-600 hover:underline">
          ← Agents
        </Link>
      </p>
      <header className="mb-6 flex flex-wrap items-center gap-3">
        <AgentAvatar name={agent.name} avatarUrl={agent.avatarUrl} size="lg" />
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{agent.name}</h1>
        <StatusBadge status={agent.status} />
        {can(business.role, "conversations.write") && (
          <Link href={`/b/${business.slug}/agents/${agent.id}/playground`} className="ml-auto rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            Open playground
          </Link>
        )}
      </header>
      {created && <div className="mb-4"><FormMessage tone="success" message="Agent created." /></div>}
      {!canWrite && <p className="mb-4 text-sm text-slate-600">You can view this agent; only admins and owners change it.</p>}
      <AgentForm
        businessId={business.id}
        slug={business.slug}
        agent={agent}
        options={options}
        keyHints={Object.fromEntries(credentials.map((c) => [c.provider, c.hint]))}
        readOnly={!canWrite}
      />
      {canWrite && (
        <section className="mt-8 border-t border-slate-200 pt-6" aria-label="Danger zone">
          <DeleteAgentForm businessId={business.id} slug={business.slug} agentId={agent.id} name={agent.name} />
        </section>
      )}
    </>
  );
}
