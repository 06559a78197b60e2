#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and `npm run …`: runs on whatever Node the machine has (≥ 18),
// provides Node 24 LTS from the npm registry when the machine's is older, installs the workspace
// dependencies when they are missing or stale, then hands over to the real command under Node 24.
// Plain JavaScript on purpose: it must run before TypeScript tooling exists.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.21.0';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stateDir = join(root, '.vigie');
const log = (msg) => process.stderr.write(`[vigie bootstrap] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    log(`command failed (${r.status ?? r.signal}): ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

function nodeBinary() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return process.execPath;
  const prefix = join(stateDir, 'node');
  const bin = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin)) {
    log(`Node ${process.versions.node} is older than 24; installing node@${NODE_VERSION} from the npm registry`);
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `node@${NODE_VERSION}`]);
    if (!existsSync(bin)) {
      log('node@24 installed but its binary is missing');
      process.exit(1);
    }
  }
  return bin;
}

function ensureDependencies(env) {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.vigie-installed');
  const lockTime = existsSync(lock) ? statSync(lock).mtimeMs : 0;
  const pkgTime = statSync(join(root, 'package.json')).mtimeMs;
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(lockTime, pkgTime)) return;
  log('installing dependencies (npm ci)…');
  run('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { env });
  writeFileSync(stamp, new Date().toISOString());
}

const node = nodeBinary();
const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}` };
ensureDependencies(env);

const [command = 'start', ...rest] = process.argv.slice(2);
const tsx = ['--import', 'tsx'];
const targets = {
  start: [...tsx, 'apps/platform/src/cli.ts', 'start', ...rest],
  vigie: [...tsx, 'apps/platform/src/cli.ts', ...rest],
  test: ['scripts/test-all.mjs', ...rest],
  bench: [...tsx, `bench/${rest[0] ?? 'pipeline'}.bench.ts`, ...rest.slice(1)],
};
const args = targets[command];
if (!args) {
  log(`unknown command ${command}; expected one of ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}
const child = spawn(node, args, { stdio: 'inherit', cwd: root, env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
