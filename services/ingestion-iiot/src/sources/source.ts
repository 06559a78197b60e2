import type { AssetSpec, Reading } from '@vigie/plant-simulator';

export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface SourceLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What every protocol adapter (OPC UA, Modbus TCP, MQTT) offers the source manager. */
export interface IngestionSource {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Assets and sensors this source describes (browsed, configured, or learned from BIRTH certificates). */
  catalog(): AssetSpec[];
  state(): SourceState;
}

export interface SourceCallbacks {
  onReadings: (readings: Reading[]) => void | Promise<void>;
  onStatus: (status: { state: SourceState; error?: string }) => void;
  logger: SourceLogger;
}
