// An unknown or erased profile id.
import Link from "next/link";

export default function ProfileNotFound() {
  return (
    <main>
      <h1>Profile not found</h1>
      <p>It may have been erased, or the link is wrong.</p>
      <p>
        <Link href="/profiles">Back to the profiles</Link>
      </p>
    </main>
  );
}
