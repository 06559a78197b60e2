/**
 * Modbus TCP source: polls one device on its interval and hands each poll to the ingestion
 * pipeline as one batch stamped with the poll time. Same contract as every IngestionSource.
 *
 * Every tick yields one reading per point. A read that fails marks its points bad; a device that
 * cannot be reached marks every point bad, tick after tick, while reconnects back off — so an
 * outage is as visible downstream as a value is, and nothing is invented to fill it.
 */
import type { Reading } from '@vigie/plant-simulator';
import { buildModbusCatalog } from '../sources/modbus-catalog';
import { parseModbusDeviceConfig, type ModbusDeviceConfig, type ModbusDeviceInput, type ModbusPoint } from '../sources/modbus-config';
import { openModbusConnection, type ModbusConnection } from '../sources/modbus-connection';
import { planReads } from '../sources/modbus-decode';
import { badReadings, pollDevice, type PollOutcome } from '../sources/modbus-poll';
import type { IngestionSource, SourceLogger, SourceState } from '../sources/source';

export type ModbusSource = IngestionSource;

export interface ModbusSourceOptions {
  /** Parsed here, so a plant file's raw device object is accepted and defaults applied. */
  config: ModbusDeviceConfig | ModbusDeviceInput;
  onReadings: (readings: Reading[]) => void | Promise<void>;
  onStatus?: (status: { state: SourceState; error?: string }) => void;
  logger?: SourceLogger;
  /** First reconnect delay, doubled on each failure up to maxReconnectDelayMs. */
  initialReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

/** Polls in a row whose every read timed out before the link is taken for dead (a half-open TCP). */
const DEAD_LINK_POLLS = 3;

/** Capped exponential backoff with ±20 % jitter, so devices behind one gateway do not retry in step. */
export function reconnectDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createModbusSource(options: ModbusSourceOptions): ModbusSource {
  const config = parseModbusDeviceConfig(options.config);
  const { onReadings, onStatus, initialReconnectDelayMs = 250, maxReconnectDelayMs = 5000 } = options;
  const logger: SourceLogger = options.logger ?? { info: () => undefined, warn: (o, m) => console.warn(m ?? '', o), error: (o, m) => console.error(m ?? '', o) };
  const where = { source: config.id, host: config.host, port: config.port, unitId: config.unitId };
  const isolated = new Set<string>();
  let failing = new Set<string>();
  let plan = planReads(config.points);
  let current: SourceState = 'stopped';
  let running = false;
  let conn: ModbusConnection | null = null;
  let attempt = 0;
  let connectAt = 0;
  let timeoutPolls = 0;
  let delivery: Promise<void> = Promise.resolve();
  let loop: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;

  const setState = (state: SourceState, error?: string): void => {
    current = state;
    onStatus?.(error === undefined ? { state } : { state, error });
  };
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => { wake = null; resolve(); }, Math.max(0, ms));
    wake = () => { clearTimeout(timer); wake = null; resolve(); };
  });
  const dropConnection = (reason: string): void => {
    conn?.close();
    conn = null;
    connectAt = 0;
    if (running && current !== 'reconnecting') { logger.warn({ ...where, reason }, 'Modbus connection lost'); setState('reconnecting', reason); }
  };

  /** Tries once when the backoff allows; on failure schedules the next try. */
  const connect = async (): Promise<void> => {
    if (Date.now() < connectAt) return;
    try {
      const opened = await openModbusConnection({ ...config, onClose: () => dropConnection('connection closed by the device') });
      if (!running) { opened.close(); return; }
      conn = opened;
      if (attempt > 0) logger.info({ ...where, attempts: attempt }, 'Modbus connection restored');
      attempt = 0;
      timeoutPolls = 0;
      setState('connected');
    } catch (error) {
      connectAt = Date.now() + reconnectDelay(attempt++, initialReconnectDelayMs, maxReconnectDelayMs);
      if (current !== 'reconnecting') logger.warn({ ...where, error: String(error) }, 'Modbus device unreachable; retrying with backoff');
      setState('reconnecting', String(error));
    }
  };

  const review = (outcome: PollOutcome): void => {
    // Log a failing read when it starts failing and when it recovers, not on every poll.
    if (!outcome.disconnected) {
      const nowFailing = new Map(outcome.failures.map((f) => [`${f.read.table}:${f.read.address}+${f.read.count}`, f.error]));
      for (const [read, e] of nowFailing) {
        if (!failing.has(read)) logger.warn({ ...where, read, kind: e.kind, code: e.exceptionCode, error: e.message }, 'Modbus read failed; its points read bad until it recovers');
      }
      for (const read of failing) if (!nowFailing.has(read)) logger.info({ ...where, read }, 'Modbus read recovered');
      failing = new Set(nowFailing.keys());
    }
    if (outcome.isolated.some((p) => !isolated.has(p.sensorId))) {
      for (const p of outcome.isolated) isolated.add(p.sensorId);
      plan = planReads(config.points, { isolate: (p: ModbusPoint) => isolated.has(p.sensorId) });
      logger.warn({ ...where, isolated: [...isolated] }, 'device rejected a merged read; its points are now read one by one');
    }
    const allTimedOut = outcome.requests > 0 && outcome.failures.length === outcome.requests && outcome.failures.every((f) => f.error.kind === 'timeout');
    timeoutPolls = allTimedOut ? timeoutPolls + 1 : 0;
    if (outcome.disconnected) dropConnection('connection lost during a poll');
    else if (timeoutPolls >= DEAD_LINK_POLLS) dropConnection(`no answer to ${DEAD_LINK_POLLS} polls in a row`);
  };

  const tick = async (): Promise<void> => {
    if (!conn) await connect();
    const ts = Date.now();
    const outcome = conn ? await pollDevice(plan, conn.read, ts) : null;
    if (!running) return; // a poll cut short by stop() says nothing about the device
    if (outcome) review(outcome);
    const readings = outcome?.readings ?? badReadings(config.points, ts);
    // At most one batch in flight: a slow sink slows polling rather than queueing without bound.
    await delivery;
    delivery = Promise.resolve()
      .then(() => onReadings(readings))
      .catch((error: unknown) => logger.error({ ...where, error: String(error), size: readings.length }, 'onReadings failed'));
  };

  const run = async (): Promise<void> => {
    let due = Date.now();
    while (running) {
      try {
        await tick();
      } catch (error) {
        // Nothing above should throw; if it does, keep polling rather than go silent for good.
        logger.error({ ...where, error: String(error) }, 'Modbus poll failed unexpectedly');
        dropConnection(String(error));
      }
      // Fixed rate: ticks stay on the interval's grid; a late tick is not followed by a burst.
      due = Math.max(due + config.pollIntervalMs, Date.now());
      if (running) await pause(due - Date.now());
    }
  };

  return {
    catalog: () => buildModbusCatalog(config),
    state: () => current,
    async start() {
      if (running) return;
      running = true;
      setState('connecting');
      await connect();
      loop = run();
      logger.info({ ...where, points: config.points.length, reads: plan.length, state: current }, 'Modbus source started');
    },
    async stop() {
      running = false;
      wake?.();
      conn?.close();
      conn = null;
      await loop;
      await delivery;
      setState('stopped');
    },
  };
}
