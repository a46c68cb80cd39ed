// Sign-out as a form posting to a server action: works with or without JavaScript.
import styles from "./shell.module.css";

export function SignOutButton({ action }: { action: () => Promise<void> }) {
  return (
    <form action={action}>
      <button type="submit" className={styles.signOut}>
        Sign out
      </button>
    </form>
  );
}
