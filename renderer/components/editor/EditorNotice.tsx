/** A short word from the editor ("nothing to clear", "the text cannot be empty"), gone after four seconds. */
import { useEffect } from "react";
import { useT } from "../../i18n";
import { useEditor } from "../matrix/editor-state";

export function EditorNotice() {
  const t = useT();
  const notice = useEditor((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => useEditor.setState({ notice: null }), 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <p className="editor-notice" role="status" aria-live="polite">
      {notice ? t(notice.key) : ""}
    </p>
  );
}
