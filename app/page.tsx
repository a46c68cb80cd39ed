// The dashboard starts at the profile list (which sends visitors without a session to /sign-in).
import { redirect } from "next/navigation";

export default function HomePage() {
  redirect("/profiles");
}
