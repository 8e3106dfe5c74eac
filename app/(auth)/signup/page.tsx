import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/auth-forms";
import { needsSetup } from "@/lib/auth/accounts";
import { currentUser, safeReturnPath } from "@/lib/http/page-session";

export const metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string; email?: string }> }) {
  if (await needsSetup()) redirect("/setup");
  const { next, email } = await searchParams;
  if (await currentUser()) redirect(safeReturnPath(next));
  const signInHref = next ? `/login?next=${encodeURIComponent(next)}` : "/login";
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold">Create your Parley account</h1>
      <SignUpForm next={next} email={email} />
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-brand-600 hover:underline" href={signInHref}>
          Sign in
        </Link>
      </p>
    </>
  );
}
