import { expect } from 'vitest';
import { isMlError, type MlErrorCode } from '../../src';

/** Asserts that `fn` throws an MlError with `code` (the message is free to change, the code is not). */
export function expectMlError(fn: () => unknown, code: MlErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${code}`).toBeDefined();
  expect(isMlError(thrown) ? thrown.code : thrown).toBe(code);
}
