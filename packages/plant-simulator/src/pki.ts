import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_STATE_DIR = fileURLToPath(new URL('../../../.vigie', import.meta.url));

/**
 * Where node-opcua keeps certificates when the caller does not say: under the Vigie state
 * dir rather than node-opcua's own default (~/.config), so a checkout stays self-contained.
 */
export function defaultPkiDir(component: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.VIGIE_STATE_DIR ?? REPO_STATE_DIR, 'pki', component);
}
