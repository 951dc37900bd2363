/**
 * The consultation rounds: the list is part of the cached plan (the grid
 * document's consultation_rounds, kept current by the edits' deltas); which round
 * is current is the core's and mirrored here, so the session bar and the
 * Consultations tab show the same.
 */
import { create } from "zustand";
import type { Input } from "../src/api/contract";
import { createRound as create_, editRound } from "./section-edits";
import { query } from "./sync";

export const useCurrentRound = create<{ current: string | null }>()(() => ({ current: null }));

export async function loadCurrentRound(): Promise<void> {
  const answer = await query("rounds.list");
  if (answer) useCurrentRound.setState({ current: answer.current });
}

export async function chooseRound(id: string | null): Promise<void> {
  const answer = await query("rounds.setCurrent", { id });
  if (answer) useCurrentRound.setState({ current: answer.current });
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** Opens the next round (dated today unless told otherwise) and makes it current; answers its id. */
export async function openRound(fields: Omit<Input<"rounds.create">, "makeCurrent"> = { date: today() }): Promise<string | undefined> {
  const answer = await create_({ ...fields, makeCurrent: true });
  if (answer) useCurrentRound.setState({ current: answer.current });
  return answer?.id;
}

export async function updateRound(id: string, fields: Extract<Input<"edit.round">, { op: "update" }>["fields"]): Promise<void> {
  await editRound({ op: "update", id, fields });
}

export async function removeRound(id: string): Promise<void> {
  const answer = await editRound({ op: "remove", id });
  if (answer) useCurrentRound.setState({ current: answer.current });
}
