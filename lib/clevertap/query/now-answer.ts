// /1/now.json: profiles active in the past five minutes, {status, users: {"*": n}}, and with "user_type": true the
// split {users: {"*": n, user_type: {new: a, existing: b}}} (new = first seen within the same five minutes).
import { z } from "zod";
import { ApiError } from "../../api/api-error";
import { countActiveNow } from "../../queries/query-active-now";

const bodySchema = z.object({ user_type: z.boolean().optional() }).catchall(z.unknown());

export async function answerNow(options: { accountId: string; body: unknown }) {
  const body = bodySchema.safeParse(options.body ?? {});
  if (!body.success) throw new ApiError(400, "Invalid query: user_type must be true or false");
  const counts = await countActiveNow({ accountId: options.accountId, minutes: 5 });
  const users: Record<string, unknown> = { "*": counts.active };
  if (body.data.user_type) users.user_type = { new: counts.new, existing: counts.returning };
  return { status: "success", users };
}
