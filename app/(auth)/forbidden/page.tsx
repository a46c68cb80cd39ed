// Where a signed-in staff member lands when their role does not allow a page.
import Link from "next/link";
import { signedInStaff } from "@/app/_server/require-staff";

export const dynamic = "force-dynamic";
export const metadata = { title: "Not allowed · Tapestry" };

export default async function ForbiddenPage() {
  const staff = await signedInStaff();
  return (
    <main>
      <h1>Not allowed</h1>
      <p>{staff ? `Your role (${staff.role}) does not allow this page.` : "Sign in first."}</p>
      <p>
        <Link href={staff ? "/profiles" : "/sign-in"}>{staff ? "Back to the profiles" : "Sign in"}</Link>
      </p>
    </main>
  );
}
