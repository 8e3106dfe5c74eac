import { businessParams } from "@/lib/http/params";
import { invitationPath, publicUrl } from "@/lib/http/public-url";
import { created, json, route } from "@/lib/http/route";
import { inviteMemberInput } from "@/lib/members/schemas";
import { inviteMember, listMembers } from "@/lib/members/service";
import { pageQuery } from "@/lib/pagination";

export const GET = route({ params: businessParams, query: pageQuery }, async ({ actor, params, query }) =>
  json(await listMembers(actor, params.businessId, query)),
);

/** Invites a member: answers the invitation with its single-use `url`, shown only here. */
export const POST = route({ params: businessParams, body: inviteMemberInput }, async ({ actor, params, body, request }) => {
  const { token, ...invitation } = await inviteMember(actor, params.businessId, body);
  return created({ ...invitation, url: publicUrl(invitationPath(token), new URL(request.url).origin) });
});
