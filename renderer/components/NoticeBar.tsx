/**
 * What an export just wrote and where, whether it came from the menu or a
 * button, with a way to open its folder. Stays until closed or replaced by the
 * next one: a message that vanished on a timer would be missed in a busy room.
 */
import type { MessageKey } from "../../src/i18n";
import { useT } from "../i18n";
import { call, useMatriz } from "../store";

export function NoticeBar() {
  const t = useT();
  const notice = useMatriz((s) => s.notice);
  return (
    <div className="notice-bar" role="status" aria-live="polite">
      {notice ? (
        <div className="notice-item" data-format={notice.format} data-region="notice">
          <span className="notice-text">{t(`ui.notice.exported.${notice.format}` as MessageKey, { path: notice.path })}</span>
          {notice.openConflicts ? <strong className="notice-warning">{t("ui.notice.exportedWithConflicts", { count: notice.openConflicts })}</strong> : null}
          <button type="button" className="button button--small" onClick={() => void call("file.showInFolder", { handle: notice.handle })}>
            {t("ui.notice.showInFolder")}
          </button>
          <button type="button" className="button button--small" onClick={() => useMatriz.setState({ notice: null })}>
            {t("ui.notice.dismiss")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
