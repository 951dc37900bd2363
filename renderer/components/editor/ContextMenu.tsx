/** The row's context menu (right click, Shift+F10 or the menu key): every grid command, reachable by mouse. */
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { MessageKey } from "../../../src/i18n";
import { useT } from "../../i18n";
import * as cmd from "../matrix/commands";

interface Item {
  label: MessageKey;
  keys: string;
  run: () => void;
}

export const ROW_COMMANDS: Item[] = [
  { label: "ui.command.edit", keys: "F2", run: () => cmd.startEdit() },
  { label: "ui.command.insertBelow", keys: "Ctrl+Enter", run: () => cmd.insertAction("below") },
  { label: "ui.command.insertAbove", keys: "Ctrl+Shift+Enter", run: () => cmd.insertAction("above") },
  { label: "ui.command.insertNeed", keys: "Ctrl+Alt+Enter", run: cmd.insertNeed },
  { label: "ui.command.moveUp", keys: "Alt+↑", run: () => void cmd.moveRow("up") },
  { label: "ui.command.moveDown", keys: "Alt+↓", run: () => void cmd.moveRow("down") },
  { label: "ui.command.moveTo", keys: "Ctrl+M", run: cmd.openMoveTo },
  { label: "ui.command.budget", keys: "Ctrl+B", run: cmd.openBudget },
  { label: "ui.command.details", keys: "Ctrl+I", run: cmd.openDetails },
  { label: "ui.command.monitoring", keys: "Ctrl+Shift+M", run: cmd.openMonitoring },
  { label: "ui.command.history", keys: "Ctrl+Shift+H", run: cmd.toggleHistory },
  { label: "ui.command.clear", keys: "Supr", run: cmd.clearSelection },
  { label: "ui.command.delete", keys: "Ctrl+Supr", run: () => void cmd.askDelete() },
];

export function ContextMenu({ x, y }: { x: number; y: number }) {
  const t = useT();
  const [active, setActive] = useState(0);
  const menu = useRef<HTMLUListElement>(null);
  useEffect(() => {
    menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]")[active]?.focus();
  }, [active]);
  const run = (item: Item) => {
    cmd.closeDialog();
    // After the menu is gone, so a dialog the command opens keeps the focus.
    requestAnimationFrame(() => requestAnimationFrame(item.run));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    if (step) {
      event.preventDefault();
      setActive((a) => (a + step + ROW_COMMANDS.length) % ROW_COMMANDS.length);
    } else if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault();
      cmd.closeDialog();
    }
  };
  const left = Math.min(x, window.innerWidth - 300);
  const top = Math.min(y, window.innerHeight - ROW_COMMANDS.length * 36 - 16);
  return (
    <div className="menu-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cmd.closeDialog()}>
      <ul ref={menu} className="context-menu" role="menu" aria-label={t("ui.command.menu")} style={{ left, top }} onKeyDown={onKeyDown}>
        {ROW_COMMANDS.map((item, i) => (
          <li key={item.label} role="none">
            <button type="button" role="menuitem" tabIndex={i === active ? 0 : -1} className="menu-item" onClick={() => run(item)} onMouseEnter={() => setActive(i)}>
              <span>{t(item.label)}</span>
              <kbd>{item.keys}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
