// Per-record error codes. CleverTap's own where one exists (api-errors); 555 ("miscellaneous") otherwise,
// always with a message naming the key and the reason.
export const ErrorCode = {
  eventNameMissing: 509,
  invalidEventStructure: 512,
  restrictedEvent: 513,
  invalidGender: 514,
  invalidEmail: 515,
  invalidPhone: 516,
  invalidEmployed: 517,
  invalidEducation: 518,
  invalidMarried: 519,
  invalidAge: 520,
  eventPropertiesLimit: 522,
  missingIdentity: 523,
  notEventOrProfile: 524,
  tsNotEpoch: 525,
  invalidObjectId: 526,
  /** CleverTap reserves 530–535 for token records; which error gets which code is Tapestry's choice. */
  tokenDataMissing: 530,
  invalidToken: 531,
  invalidTokenType: 532,
  invalidTokenKeys: 533,
  /** The record's objectId is no device this account has seen: a token is attached to a device the SDK created. */
  unknownTokenDevice: 534,
  invalid: 555,
  /** Tapestry's own: the record's device opted out of tracking (Web SDK privacy opt-out); nothing is stored. */
  deviceOptedOut: 556,
  /** Tapestry's own: the profile changed since the caller read it (a record with `expectedVersion`); nothing is stored. */
  versionConflict: 557,
  /** Tapestry's own: a placeholder such as "undefined" or test@test.com sent as an identity; the key is refused. */
  junkIdentity: 558,
  /** Tapestry's own: an identity held by another identified profile pushed onto this one; the key is refused. */
  identityOwnedElsewhere: 559,
  /** Tapestry's own: the record names an identity or device of an erased person (suppressed until an admin lifts it). */
  suppressed: 560,
} as const;
