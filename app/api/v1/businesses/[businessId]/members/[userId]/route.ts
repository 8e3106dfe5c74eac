import { memberParams } from "@/lib/http/params";
import { json, noContent, route } from "@/lib/http/route";
import { changeRoleInput } from "@/lib/members/schemas";
import { changeRole, removeMember } from "@/lib/members/service";

export const PATCH = route({ params: memberParams, body: changeRoleInput }, async ({ actor, params, body }) =>
  json(await changeRole(actor, params.businessId, params.userId, body.role)),
);

export const DELETE = route({ params: memberParams }, async ({ actor, params }) => {
  await removeMember(actor, params.businessId, params.userId);
  return noContent();
});
