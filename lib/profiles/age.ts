// Age is derived from DOB: whole years elapsed, counted in UTC.
export function ageFromDob(dobEpochSeconds: number, now: Date = new Date()): number {
  const dob = new Date(dobEpochSeconds * 1000);
  let age = now.getUTCFullYear() - dob.getUTCFullYear();
  const beforeBirthday =
    now.getUTCMonth() < dob.getUTCMonth() || (now.getUTCMonth() === dob.getUTCMonth() && now.getUTCDate() < dob.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}
