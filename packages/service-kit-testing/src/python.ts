import { spawnSync } from 'node:child_process';

/**
 * Runs `script` (a path) with Python, JSON on stdin and JSON out: how the reference-equality tests ask numpy, scipy,
 * PyWavelets, tsfresh, PyOD or scikit-learn for the expected values. Throws (never skips) when Python or a package
 * is missing. PYTHON chooses the interpreter (python3 by default).
 */
export function runPythonScript<T>(script: string, input: unknown): T {
  const python = process.env.PYTHON ?? 'python3';
  const res = spawnSync(python, [script], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (res.error) {
    throw new Error(`cannot run ${python} (${res.error.message}); install Python 3 and pip install -r infra/python/requirements-test.txt`);
  }
  if (res.status !== 0) throw new Error(`${script} failed (exit ${res.status}): ${res.stderr.trim()}`);
  return JSON.parse(res.stdout) as T;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every run of a test sees the same stream. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
