import type { Logger } from '@vigie/service-kit';
import type { AlertRepository } from '../adapters/alert-repository';
import type { TargetCircuits } from '../adapters/circuit-breakers';
import type { AlertDebouncer } from '../domain/alert-debounce';
import type { ScrapeTotals } from '../domain/service-metrics';
import type { AssetCatalog } from '@vigie/service-kit';
import type { MetricsRepository } from '../adapters/metrics-repository';
import type { ReadModelRepository } from '../adapters/read-model-repository';
import type { ServiceStatusRepository } from '../adapters/service-status-repository';
import type { WsHub } from '../adapters/ws-hub';
import type { MonitoringConfig } from '../config';
import type { TopicCounters } from '../domain/topic-counters';
import type { ServiceBoard } from '../domain/service-board';

/** What the use-cases work with; built once by createMonitoringService. */
export interface MonitoringContext {
  readonly config: MonitoringConfig;
  readonly logger: Logger;
  readonly alerts: AlertRepository;
  readonly statuses: ServiceStatusRepository;
  readonly readModel: ReadModelRepository;
  readonly metrics: MetricsRepository;
  readonly catalog: AssetCatalog;
  readonly counters: TopicCounters;
  readonly board: ServiceBoard;
  /** Last AssetHealth pushed per asset (JSON), so only changes are broadcast. */
  readonly sentAssets: Map<string, string>;
  readonly hub: WsHub;
  readonly startedAt: number;
  /** Breakers per target: health poll and gateway calls. */
  readonly circuits: TargetCircuits;
  /** De-flapping of the check-based alerts (service_down, consumer_lag, dlq_growth). */
  readonly debouncer: AlertDebouncer;
  /** The previous scrape's totals per service (rates are deltas between scrapes). */
  readonly scrapes: Map<string, ScrapeTotals>;
  /** Epoch ms at which each service's dead-letter count last grew. */
  readonly dlqGrewAt: Map<string, number>;
  /** Epoch ms; injectable so time-window rules can be tested. */
  now(): number;
}
