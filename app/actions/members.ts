"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actorUserId } from "@/lib/auth/actor";
import { action } from "@/lib/http/action";
import { invitationPath, originOf, publicUrl } from "@/lib/http/public-url";
import { inviteMemberInput, roleSchema } from "@/lib/members/schemas";
import { acceptInvitation, changeRole, inviteMember, removeMember, revokeInvitation } from "@/lib/members/service";

const inBusiness = { businessId: z.uuid() };

export const inviteMemberAction = action(inviteMemberInput.extend(inBusiness), async ({ businessId, ...input }, { actor }) => {
  const { token, email, role } = await inviteMember(actor, businessId, input);
  revalidatePath("/", "layout");
  return { email, role, url: publicUrl(invitationPath(token), originOf(await headers())) };
});

export const changeRoleAction = action(
  z.strictObject({ ...inBusiness, userId: z.uuid(), role: roleSchema }),
  async ({ businessId, userId, role }, { actor }) => {
    const member = await changeRole(actor, businessId, userId, role);
    revalidatePath("/", "layout");
    return member;
  },
);

export const removeMemberAction = action(z.strictObject({ ...inBusiness, userId: z.uuid() }), async ({ businessId, userId }, { actor }) => {
  await removeMember(actor, businessId, userId);
  revalidatePath("/", "layout");
  // Leaving a business takes you out of its pages.
  if (userId === actorUserId(actor)) redirect("/");
  return null;
});

export const revokeInvitationAction = action(
  z.strictObject({ ...inBusiness, invitationId: z.uuid() }),
  async ({ businessId, invitationId }, { actor }) => {
    await revokeInvitation(actor, businessId, invitationId);
    revalidatePath("/", "layout");
    return null;
  },
);

export const acceptInvitationAction = action(z.strictObject({ token: z.string().min(10).max(200) }), async ({ token }, { actor }) => {
  const { businessSlug } = await acceptInvitation(actor, token);
  redirect(`/b/${businessSlug}`);
});
