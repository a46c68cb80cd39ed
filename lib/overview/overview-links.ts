// Where each overview chart leads: the profile list with the filters and conditions that chart counts.
import { DEFAULT_STATE, type Filter, type ListState, listStateToQuery } from "../queries/list-state";
import { CHARGED_EVENT, type Condition, type ConsentChannel, consentKey } from "../queries/query-schema";

const href = (state: Partial<ListState>) => {
  const query = listStateToQuery({ ...DEFAULT_STATE, ...state });
  return `/profiles${query ? `?${query}` : ""}`;
};
const between = (key: string, from: string, to: string): Filter => ({ key, op: "between", value: from, value2: to });

export function overviewLinks(from: string, to: string) {
  const when = { from, to };
  const did = (name: string): Condition => ({ kind: "event", name, op: "did", when, where: [] });
  return {
    newProfiles: (day?: string) => href({ filters: [between("$first_seen", day ?? from, day ?? to)] }),
    identified: (day?: string) => href({ tab: "identified", filters: [between("$first_seen", day ?? from, day ?? to)] }),
    customers: (day?: string) => href({ conditions: [did(CHARGED_EVENT)].map((c) => (day ? { ...c, when: { from: day, to: day } } : c)) }),
    consent: (channel: ConsentChannel) =>
      href({ filters: [between("$last_seen", from, to), { key: consentKey(channel), op: "true", value: "", value2: "" }] }),
    event: (name: string) => href({ conditions: [did(name)] }),
    active: () => href({ filters: [between("$last_seen", from, to)] }),
    country: (country: string) =>
      href({ filters: [between("$last_seen", from, to), { key: "Country", op: "eq", value: country, value2: "" }] }),
    profileType: (type: "anonymous" | "identified" | "customer") => href({ conditions: [{ kind: "profileType", type }] }),
  };
}
