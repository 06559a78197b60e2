import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs a fixture script under test/fixtures with JSON on stdin; throws (never skips) when Python or a package is missing. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function runPythonFixture<T>(script: string, input: unknown): T {
  const python = process.env.PYTHON ?? 'python3';
  const res = spawnSync(python, [`${FIXTURES_DIR}${script}`], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (res.error) {
    throw new Error(`cannot run ${python} (${res.error.message}); install Python 3 and pip install -r infra/python/requirements-test.txt`);
  }
  if (res.status !== 0) {
    throw new Error(`${script} failed (exit ${res.status}): ${res.stderr.trim()}`);
  }
  return JSON.parse(res.stdout) as T;
}
