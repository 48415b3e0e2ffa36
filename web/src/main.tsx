import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { Auth } from "./lib/auth";
import { loadConfig } from "./lib/config";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

async function start() {
  try {
    const config = await loadConfig();
    const auth = new Auth(config);
    const identity = await auth.current();
    root.render(
      <StrictMode>
        <App config={config} identity={identity} auth={auth} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="fatal">
        <h1>Estore cannot start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
        <p>The app reads its settings from /config.json: `make dev` writes it for the local cloud.</p>
      </main>,
    );
  }
}

void start();
