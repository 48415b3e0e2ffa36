/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// No configuration is baked in: the app reads /config.json at start (see src/lib/config.ts).
// `make web` serves the app with hot reload; public/config.json is written by `make dev`.
export default defineConfig({
  plugins: [react()],
  // amazon-cognito-identity-js (and its `buffer` dependency) expect Node's `global`.
  define: { global: "globalThis" },
  server: { host: "127.0.0.1", port: Number(process.env.WEB_DEV_PORT ?? 5174), strictPort: true },
  build: { sourcemap: true, chunkSizeWarningLimit: 600 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
