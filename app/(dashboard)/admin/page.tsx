// /admin — staff accounts: add, change roles, deactivate. Admins only (checked here and in every action).

import { requireStaff } from "@/app/_server/require-staff";
import styles from "@/components/profile/profile.module.css";
import { CreateStaffForm } from "@/components/ui/create-staff-form";
import forms from "@/components/ui/forms.module.css";
import { StaffRowControls } from "@/components/ui/staff-row-controls";
import { canManageStaff } from "@/lib/permissions/roles";
import { listStaff } from "@/lib/staff/list-staff";
import { changeRoleAction, createStaffAction, setActiveAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Tapestry" };

const when = (at: Date | null) => (at ? `${at.toISOString().replace("T", " ").slice(0, 16)} UTC` : "never");

export default async function AdminPage() {
  const me = await requireStaff(canManageStaff);
  const staff = await listStaff();
  return (
    <main style={{ maxWidth: 1000 }}>
      <h1>Admin</h1>
      <section aria-labelledby="staff-heading" className={forms.panel}>
        <h2 id="staff-heading">Staff</h2>
        <table className={styles.table} data-testid="staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Last active</th>
              <th scope="col">Role and access</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.id} data-email={member.email}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>{member.active ? "active" : "deactivated"}</td>
                <td>{when(member.lastSeenAt)}</td>
                <td>
                  <StaffRowControls
                    key={member.id}
                    userId={member.id}
                    email={member.email}
                    role={member.role}
                    active={member.active}
                    self={member.id === me.id}
                    changeRole={changeRoleAction}
                    setActive={setActiveAction}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="add-heading" className={forms.panel} style={{ maxWidth: 480 }}>
        <h2 id="add-heading">Add a staff member</h2>
        <p className="muted">They sign in with this email and password; share the password with them privately.</p>
        <CreateStaffForm action={createStaffAction} />
      </section>
    </main>
  );
}
