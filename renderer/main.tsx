/** Entry point: mounts the app and starts the cache that mirrors the core. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./components/App";
import { startStore } from "./store";
import { startTasks } from "./tasks";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/welcome.css";
import "./styles/matrix.css";
import "./styles/editor.css";
import "./styles/print.css";

const container = document.getElementById("root");
if (container) {
  startStore();
  startTasks();
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
