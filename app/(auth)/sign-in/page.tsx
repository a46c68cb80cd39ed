// /sign-in — staff sign-in. A signed-in staff member goes straight to the profiles.
import { redirect } from "next/navigation";
import { signedInStaff } from "@/app/_server/require-staff";
import forms from "@/components/ui/forms.module.css";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Tapestry" };

export default async function SignInPage() {
  if (await signedInStaff()) redirect("/profiles");
  return (
    <main style={{ maxWidth: 380 }}>
      <h1>Sign in to Tapestry</h1>
      <p className="muted">Staff accounts are created by an administrator.</p>
      <div className={forms.panel}>
        <SignInForm />
      </div>
    </main>
  );
}
