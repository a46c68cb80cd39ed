"use client";
// Moves the list to another state by changing the URL (the server renders the page for it). The pending flag
// drives the loading state while the server answers.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { type ListState, listStateToQuery } from "@/lib/queries/list-state";

export const listHref = (state: ListState) => {
  const query = listStateToQuery(state);
  return query ? `/profiles?${query}` : "/profiles";
};

export function useListNavigation() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const go = (state: ListState) => startTransition(() => router.push(listHref(state)));
  return { go, pending };
}
