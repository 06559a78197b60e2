import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * In production the platform's dashboard server answers /config.json. `vite dev` has no such server, so this
 * answers it from VIGIE_MONITORING_URL (default: the monitoring service on localhost:8086).
 */
function devConfigJson(): Plugin {
  return {
    name: 'vigie-dev-config-json',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/config.json', (_req, res) => {
        const monitoringUrl = process.env.VIGIE_MONITORING_URL ?? 'http://localhost:8086';
        const wsUrl = `${monitoringUrl.replace(/^http/, 'ws')}/ws/monitoring`;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ monitoringUrl, wsUrl }));
      });
    },
  };
}

// Vite loads its config from the default export (the one exception to named exports).
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), devConfigJson()],
  server: { port: 3000, strictPort: true },
  preview: { port: 3000, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
