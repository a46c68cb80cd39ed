// Staff move a device to another profile (journalled as a device move, with the staff member as actor). Through the
// engine: the device is locked, then both profiles, like any other record.
import { applyStaffRecords, type StaffActor } from "./apply-staff-record";
import { firstOutcome, type StaffResult } from "./staff-result";

export async function moveDevice(options: {
  profileId: number;
  guid: string;
  toProfileId: number;
  staff: StaffActor;
}): Promise<StaffResult> {
  if (options.toProfileId === options.profileId) return { ok: false, formError: "The device is already on this profile." };
  return firstOutcome(
    await applyStaffRecords({
      profileId: options.profileId,
      staff: options.staff,
      action: "device-move",
      records: (at) => [
        { kind: "profile", target: { by: "device", guid: options.guid, moveTo: options.toProfileId, as: "move-device" }, data: {}, at },
      ],
    }),
  );
}
