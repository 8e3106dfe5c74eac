import Link from "next/link";
import { AcceptInvitationForm } from "@/components/members/accept-invitation-form";
import { Logo } from "@/components/shell/logo";
import { currentUser } from "@/lib/http/page-session";
import { describeInvitation } from "@/lib/members/service";

export const metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([describeInvitation(token), currentUser()]);
  const here = `/invite/${token}`;
  let body;
  if (!invitation || !invitation.usable) {
    body = <p className="text-slate-700">This invitation link is not valid any more: it was used, revoked or has expired. Ask for a new one.</p>;
  } else if (!user) {
    const email = encodeURIComponent(invitation.email);
    body = (
      <>
        <p className="text-slate-700">
          You are invited to join <strong>{invitation.businessName}</strong> as <strong>{invitation.role}</strong>. Sign in or create an account
          with <strong>{invitation.email}</strong> to accept.
        </p>
        <div className="mt-6 flex gap-3">
          <Link href={`/signup?next=${encodeURIComponent(here)}&email=${email}`} className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            Create account
          </Link>
          <Link href={`/login?next=${encodeURIComponent(here)}&email=${email}`} className="rounded-md px-3.5 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
            Sign in
          </Link>
        </div>
      </>
    );
  } else {
    body = (
      <>
        <p className="mb-6 text-slate-700">
          Join <strong>{invitation.businessName}</strong> as <strong>{invitation.role}</strong>?
          {user.email !== invitation.email && (
            <span className="mt-2 block text-sm text-amber-800">
              This invitation is for {invitation.email}, and you are signed in as {user.email}.
            </span>
          )}
        </p>
        <AcceptInvitationForm token={token} />
      </>
    );
  }
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="mb-4 text-xl font-semibold">Invitation</h1>
        {body}
      </div>
    </main>
  );
}
