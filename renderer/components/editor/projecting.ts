/** Whether the window is in projector mode: the matrix tab of an open plan, with projector mode on. */
import { useMatriz } from "../../store";
import { useEditor } from "../matrix/editor-state";

export function useProjecting(): boolean {
  const onMatrix = useMatriz((s) => s.plan !== null && s.document !== null && s.tab === "matrix");
  const projector = useEditor((s) => s.projector);
  return onMatrix && projector;
}
