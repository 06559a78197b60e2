import type { ServiceStatus } from '@vigie/contracts';
import type { Queryable } from '@vigie/service-kit';

interface StatusRow {
  service: string;
  url: string;
  status: ServiceStatus['status'];
  checked_at: Date | null;
  latency_ms: number | null;
  details: Record<string, unknown> | null;
}

/** The `service_status` table: the last check of each polled service. */
export class ServiceStatusRepository {
  constructor(private readonly db: Queryable) {}

  async upsert(s: ServiceStatus): Promise<void> {
    await this.db.query(
      `INSERT INTO service_status (service, url, status, checked_at, latency_ms, details)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (service) DO UPDATE SET url = EXCLUDED.url, status = EXCLUDED.status,
         checked_at = EXCLUDED.checked_at, latency_ms = EXCLUDED.latency_ms, details = EXCLUDED.details`,
      [s.service, s.url, s.status, s.checkedAt === null ? null : new Date(s.checkedAt), s.latencyMs, s.details],
    );
  }

  async list(): Promise<ServiceStatus[]> {
    const { rows } = await this.db.query<StatusRow>(
      'SELECT service, url, status, checked_at, latency_ms, details FROM service_status ORDER BY service',
    );
    return rows.map((r) => ({
      service: r.service,
      url: r.url,
      status: r.status,
      checkedAt: r.checked_at ? r.checked_at.toISOString() : null,
      latencyMs: r.latency_ms,
      details: r.details,
    }));
  }
}
