import Link from "next/link";
import { AgentAvatar, StatusBadge } from "@/components/agents/agent-avatar";
import { Card, PageHeader } from "@/components/ui/card";
import { agentFormOptions, listAgents } from "@/lib/agents/service";
import { businessPage } from "@/lib/http/business-page";
import { providerCatalogue } from "@/lib/providers/catalogue";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Agents" };

export default async function AgentsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  const [agents, options] = await Promise.all([listAgents(actor, business.id, { limit: 100 }), agentFormOptions(actor, business.id)]);
  const stageNames = new Map(options.stages.map((s) => [s.id, s.name]));
  const canWrite = can(business.role, "agents.write");
  return (
    <>
      <PageHeader title="Agents" description="The AI agents that answer your customers: their persona, model, templates, pipeline and when they hand over to a human." />
      <Card>
        {canWrite && (
          <div className="mb-4 flex justify-end">
            <Link href={`/b/${business.slug}/agents/new`} className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
              New agent
            </Link>
          </div>
        )}
        {agents.data.length === 0 ? (
          <p className="text-sm text-slate-600">No agents yet.{canWrite ? " Create one to start answering conversations." : ""}</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Agents">
            {agents.data.map((agent) => (
              <li key={agent.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="flex min-w-0 items-center gap-3">
                  <AgentAvatar name={agent.name} avatarUrl={agent.avatarUrl} />
                  <div className="min-w-0">
                    <Link href={`/b/${business.slug}/agents/${agent.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                      {agent.name}
                    </Link>
                    <p className="truncate text-sm text-slate-600">
                      {providerCatalogue[agent.provider].label.split(" (")[0]} · {agent.model} · entry stage: {agent.entryStageId ? (stageNames.get(agent.entryStageId) ?? "—") : "none"}
                    </p>
                  </div>
                </div>
                <StatusBadge status={agent.status} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
