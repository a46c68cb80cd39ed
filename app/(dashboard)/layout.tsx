// The dashboard shell: navigation, the signed-in staff member and sign-out. Every page below still checks the
// session and role itself (requireStaff); this layout only decides what to show.
import Link from "next/link";
import { requireStaff } from "@/app/_server/require-staff";
import styles from "@/components/ui/shell.module.css";
import { SignOutButton } from "@/components/ui/sign-out-button";
import { canAudit, canManageStaff, canViewProfiles } from "@/lib/permissions/roles";
import { signOutAction } from "./sign-out";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const staff = await requireStaff(canViewProfiles);
  return (
    <div className={styles.shell}>
      <a href="#content" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.bar}>
        <Link href="/" className={styles.brand}>
          Tapestry
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <Link href="/">Overview</Link>
          <Link href="/profiles">Profiles</Link>
          <Link href="/segments">Segments</Link>
          {canManageStaff(staff) && <Link href="/admin">Admin</Link>}
          {canAudit(staff) && <Link href="/audit">Audit log</Link>}
          {canAudit(staff) && <Link href="/suppressions">Suppressions</Link>}
        </nav>
        <div className={styles.user}>
          <span data-testid="signed-in-as">
            {staff.name} · {staff.email}
          </span>
          <span className={styles.role}>{staff.role}</span>
          <SignOutButton action={signOutAction} />
        </div>
      </header>
      <div id="content">{children}</div>
      {/* Country, Region and City come from DB-IP's City Lite data (CC BY 4.0), which asks for this link. */}
      <footer className={styles.footer}>
        <a href="https://db-ip.com">IP Geolocation by DB-IP</a>
      </footer>
    </div>
  );
}
