/**
 * Projector mode's only chrome, one slim line: which plan the room is reading,
 * the filter when one is on, the type size, whether everything is saved, and the
 * way out (F5). The rest of the window is the matrix.
 */
import type { MouseEvent } from "react";
import { useMatriz } from "../../store";
import { useT } from "../../i18n";
import * as cmd from "../matrix/commands";
import { useEditor } from "../matrix/editor-state";
import { EditorNotice } from "./EditorNotice";
import { SaveState } from "./SessionBar";
import { ProjectorLive } from "../live/ProjectorLive";

export function ProjectorBar({ shown, total }: { shown: number; total: number }) {
  const t = useT();
  const plan = useMatriz((s) => s.plan);
  const filtered = useEditor((s) => Boolean(s.filter.text || s.filter.institution || s.filter.pillar || s.filter.commitment || s.filter.year));
  const zoom = useEditor((s) => s.zoom);
  const keepGridFocus = (e: MouseEvent) => e.preventDefault();
  return (
    <header className="projector-bar" aria-label={t("ui.projector.bar")} data-region="projector">
      <h1 className="projector-title" title={plan?.title}>
        {plan?.country ? <span className="projector-country">{plan.country}</span> : null}
        <span className="projector-plan">{plan?.title}</span>
      </h1>
      {filtered ? (
        <p className="projector-filter">
          <span role="status">{t("ui.filter.count", { shown, total })}</span>
          <button type="button" className="button button--small" onClick={cmd.clearFilter}>
            {t("ui.filter.clear")}
          </button>
        </p>
      ) : null}
      <EditorNotice />
      <div className="projector-zoom" role="group" aria-label={t("ui.projector.zoom")}>
        <button type="button" className="tool-button" aria-label={t("ui.command.zoomOut")} title={`${t("ui.command.zoomOut")} (Ctrl+-)`} onMouseDown={keepGridFocus} onClick={() => cmd.zoom(-1)}>
          −
        </button>
        <span className="zoom-level" aria-live="polite">
          {Math.round(zoom * 100)} %
        </span>
        <button type="button" className="tool-button" aria-label={t("ui.command.zoomIn")} title={`${t("ui.command.zoomIn")} (Ctrl++)`} onMouseDown={keepGridFocus} onClick={() => cmd.zoom(1)}>
          +
        </button>
      </div>
      <SaveState />
      <ProjectorLive />
      <button type="button" className="button projector-exit" aria-keyshortcuts="F5" onClick={() => (cmd.toggleProjector(), cmd.focusGrid())}>
        {t("ui.projector.exit")} <kbd>F5</kbd>
      </button>
    </header>
  );
}
