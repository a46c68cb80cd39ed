// The key that signs query cursors, derived once from the server secret (BETTER_AUTH_SECRET or the generated one).
import { authSecret } from "../../auth/secret";
import { cursorKey } from "./query-cursor";

let key: Buffer | null = null;
export const serverCursorKey = (): Buffer => {
  key ??= cursorKey(authSecret());
  return key;
};
