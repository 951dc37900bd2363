/** A plan file opened for one command's synchronous work and closed on every path, errors included. */
import { PlanStore } from "../storage/plan-store";

export function withPlan<T>(file: string, work: (store: PlanStore) => T): T {
  const store = PlanStore.open(file);
  try {
    return work(store);
  } finally {
    store.close();
  }
}
