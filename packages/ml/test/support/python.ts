import { fileURLToPath } from 'node:url';
import { runPythonScript } from '@vigie/service-kit-testing';

/** The reference scripts of this package (JSON on stdin, JSON out). */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function runPythonFixture<T>(script: string, input: unknown): T {
  return runPythonScript<T>(`${FIXTURES_DIR}${script}`, input);
}
