/**
 * Long work under way (an export, the regional consolidation): what it is, how
 * far it got, and Cancel; after a cancel, that nothing was written.
 */
import type { MessageKey } from "../../src/i18n";
import { useT } from "../i18n";
import { cancelTask, dismissCancelled, useTasks, type TaskKind } from "../tasks";

/** `kinds`: only these tasks (a dialog shows its own, the window's bar the others). */
export function TaskBar({ kinds, except = [] }: { kinds?: TaskKind[]; except?: TaskKind[] }) {
  const t = useT();
  const wanted = (kind: TaskKind) => (!kinds || kinds.includes(kind)) && !except.includes(kind);
  const running = useTasks((s) => s.running);
  const cancelled = useTasks((s) => (s.cancelled && wanted(s.cancelled.kind) ? s.cancelled : null));
  const shown = running.filter((task) => task.visible && wanted(task.kind));
  if (!shown.length && !cancelled) return null;
  return (
    <div className="task-bar">
      {shown.map((task) => {
        const what = t(`ui.task.${task.kind}` as MessageKey, { format: task.format });
        return (
          <div className="task-item" key={task.id} data-task={task.kind} role="status" aria-live="polite">
            <span className="task-text">
              {task.stopping ? t("ui.task.stopping", { what }) : what}
              {task.label ? <span className="task-label"> · {task.label}</span> : null}
            </span>
            <progress className="task-progress" max={task.total || 1} value={task.done} aria-label={what} />
            <button type="button" className="button button--small" disabled={task.stopping} onClick={() => void cancelTask(task.id)}>
              {t("ui.task.cancel")}
            </button>
          </div>
        );
      })}
      {cancelled ? (
        <div className="task-item task-item--cancelled" role="status" data-task-cancelled={cancelled.kind}>
          <span className="task-text">{t(`ui.task.cancelled.${cancelled.kind}` as MessageKey, { format: cancelled.format })}</span>
          <button type="button" className="button button--small" onClick={dismissCancelled}>
            {t("ui.notice.dismiss")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
