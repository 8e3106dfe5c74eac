import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/auth-forms";
import { needsSetup } from "@/lib/auth/accounts";
import { currentUser, safeReturnPath } from "@/lib/http/page-session";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; email?: string }> }) {
  if (await needsSetup()) redirect("/setup");
  const { next, email } = await searchParams;
  if (await currentUser()) redirect(safeReturnPath(next));
  const signUpHref = next ? `/signup?next=${encodeURIComponent(next)}` : "/signup";
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Sign in to Parley</h1>
      <SignInForm next={next} email={email} />
      <p className="mt-6 text-sm text-slate-600">
        No account yet?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href={signUpHref}>
          Create one
        </Link>
      </p>
    </>
  );
}
