// The auth library's HTTP endpoints (sign-in, sign-out, session). Sign-up is disabled in lib/auth/auth.ts.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";

export const dynamic = "force-dynamic";

const handle = (request: Request) => auth().handler(request);
export const { GET, POST } = toNextJsHandler(handle);
