"use server";
// Ends the session (the auth library deletes it and clears the cookie) and leaves the dashboard. A plain form
// action, so it works before the page has hydrated.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cookieAuth } from "@/app/_server/auth";

export async function signOutAction(): Promise<void> {
  await cookieAuth()
    .api.signOut({ headers: await headers() })
    .catch(() => null);
  redirect("/sign-in");
}
