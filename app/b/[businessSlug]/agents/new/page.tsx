import { notFound } from "next/navigation";
import { AgentForm } from "@/components/agents/agent-form";
import { PageHeader } from "@/components/ui/card";
import { agentFormOptions } from "@/lib/agents/service";
import { businessPage } from "@/lib/http/business-page";
import { listProviderCredentials } from "@/lib/providers/credentials";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "New agent" };

export default async function NewAgentPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  // Only those who may create agents see this page.
  if (!can(business.role, "agents.write")) notFound();
  const [options, credentials] = await Promise.all([agentFormOptions(actor, business.id), listProviderCredentials(actor, business.id)]);
  return (
    <>
      <PageHeader title="New agent" description="Start with the offline scripted model, or connect OpenAI, Anthropic or any OpenAI-compatible server." />
      <AgentForm businessId={business.id} slug={business.slug} options={options} keyHints={Object.fromEntries(credentials.map((c) => [c.provider, c.hint]))} readOnly={false} />
    </>
  );
}
