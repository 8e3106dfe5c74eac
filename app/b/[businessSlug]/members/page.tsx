import { ChangeRoleForm, InviteMemberForm, RemoveMemberForm, RevokeInvitationForm } from "@/components/members/member-forms";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { listInvitations, listMembers } from "@/lib/members/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business, user } = await businessPage(businessSlug);
  const canManage = can(business.role, "members.manage");
  const canInvite = can(business.role, "members.invite");
  const grantOwner = business.role === "owner";
  const [members, invitations] = await Promise.all([
    listMembers(actor, business.id, { limit: 100 }),
    canInvite ? listInvitations(actor, business.id) : Promise.resolve([]),
  ]);

  return (
    <>
      <PageHeader title="Members" description="Who works in this business, and what their role lets them do." />
      <div className="space-y-6">
        <Card>
          <ul className="divide-y divide-slate-100" aria-label="Members">
            {members.data.map((m) => (
              <li key={m.userId} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium text-slate-900">
                    {m.name} {m.userId === user.id && <span className="text-xs text-slate-500">(you)</span>}
                  </p>
                  <p className="text-sm text-slate-600">{m.email}</p>
                </div>
                <div className="flex flex-wrap items-end gap-3">
                  {canManage && m.userId !== user.id ? (
                    <ChangeRoleForm businessId={business.id} userId={m.userId} role={m.role} grantOwner={grantOwner} />
                  ) : (
                    <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium capitalize text-slate-700">{m.role}</span>
                  )}
                  {(canManage || m.userId === user.id) && (
                    <RemoveMemberForm businessId={business.id} userId={m.userId} self={m.userId === user.id} />
                  )}
                </div>
              </li>
            ))}
          </ul>
        </Card>

        {canInvite && (
          <Card title="Invite a member" description="Creates a single-use link for one email address. Parley does not send email: pass the link on yourself.">
            <InviteMemberForm businessId={business.id} grantOwner={grantOwner} />
          </Card>
        )}

        {canInvite && invitations.length > 0 && (
          <Card title="Pending invitations">
            <ul className="divide-y divide-slate-100" aria-label="Pending invitations">
              {invitations.map((inv) => (
                <li key={inv.id} className="flex items-center justify-between gap-3 py-3">
                  <div>
                    <p className="font-medium text-slate-900">{inv.email}</p>
                    <p className="text-sm text-slate-600">
                      {inv.role} · expires {inv.expiresAt.toISOString().slice(0, 10)}
                    </p>
                  </div>
                  <RevokeInvitationForm businessId={business.id} invitationId={inv.id} />
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
