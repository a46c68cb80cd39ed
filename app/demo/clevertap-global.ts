// The part of the official Web SDK's global (`window.clevertap`) the demo shop calls. The bundle ships no types.
export type CleverTapSdk = {
  init(accountId: string, region?: string, targetDomain?: string): void;
  onUserLogin: { push(login: { Site: Record<string, unknown> }): void };
  profile: { push(profile: { Site: Record<string, unknown> }): void };
  event: { push(name: string, data?: Record<string, unknown>): void };
  privacy: { push(settings: { optOut?: boolean }): void };
  handleIncrementValue(key: string, by: number): void;
  handleDecrementValue(key: string, by: number): void;
  addMultiValuesForKey(key: string, values: string[]): void;
  removeMultiValuesForKey(key: string, values: string[]): void;
  setMultiValuesForKey(key: string, values: string[]): void;
  removeValueForKey(key: string): void;
  clear(): void;
  getCleverTapID(): string | null;
};

declare global {
  interface Window {
    clevertap?: CleverTapSdk;
  }
}

const SCRIPT_ID = "clevertap-web-sdk";

/** Loads /demo/sdk.js once and initialises it; resolves with the SDK. */
export function loadCleverTap(accountId: string, targetDomain: string): Promise<CleverTapSdk> {
  return new Promise((resolve, reject) => {
    const ready = () => {
      const sdk = window.clevertap;
      if (!sdk || typeof sdk.init !== "function") return reject(new Error("the CleverTap SDK did not load"));
      resolve(sdk);
    };
    if (document.getElementById(SCRIPT_ID)) return ready();
    const script = document.createElement("script");
    script.id = SCRIPT_ID;
    script.src = "/demo/sdk.js";
    script.async = true;
    script.onload = () => {
      window.clevertap?.init(accountId, "", targetDomain);
      ready();
    };
    script.onerror = () => reject(new Error("/demo/sdk.js could not be loaded"));
    document.head.appendChild(script);
  });
}
