import { describe, expect, it } from 'vitest';
import { CreateWorkOrderRequest, UpdateWorkOrderRequest } from '@vigie/contracts';

/**
 * Found by schemathesis (test/integration/schemathesis.int.test.ts): POST /api/v1/work-orders with dueDate
 * 0020-02-29T00:00:00Z answered 500 (PostgreSQL reads year 20 back as an invalid date), and year 10000 prints as
 * `+010000-…`, outside the response schema. The contract now keeps due dates to 1970 … 9999 (UTC): 400 VALIDATION_FAILED.
 */
describe('work-order due dates', () => {
  const create = (dueDate: string) => CreateWorkOrderRequest.safeParse({ assetId: 'P-101', title: 'check', dueDate }).success;
  const update = (dueDate: string | null) => UpdateWorkOrderRequest.safeParse({ dueDate }).success;

  it('accepts instants from 1970 to the end of 9999 (UTC), with any offset', () => {
    for (const d of ['1970-01-01T00:00:00Z', '2026-11-30T08:00:00+01:00', '9999-12-31T23:59:59Z']) {
      expect(create(d), d).toBe(true);
      expect(update(d), d).toBe(true);
    }
    expect(update(null)).toBe(true);
  });

  it('refuses instants PostgreSQL and Date do not round-trip: before 1970 or from year 10000 (UTC)', () => {
    for (const d of ['0020-02-29T00:00:00Z', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59-05:00', 'tomorrow']) {
      expect(create(d), d).toBe(false);
      expect(update(d), d).toBe(false);
    }
  });
});
