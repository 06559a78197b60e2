import { useEffect, useReducer, useState } from 'react';
import { WsMessageSchema, summarizeIssues } from '@vigie/contracts';
import { reconnectDelay } from '../state/backoff';
import { parseDashboardConfig, type DashboardConfig } from '../state/dashboard-config';
import { applyMessage, initialPlantState, type PlantState } from '../state/plant-state';

/** `connecting` only before the first snapshot; afterwards a lost link is `reconnecting` over stale data. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface MonitoringFeed {
  readonly plant: PlantState;
  readonly connection: ConnectionState;
  /** Epoch ms of the last valid message, so the header can say how old the figures are. */
  readonly lastMessageAt: number | null;
}

/**
 * Loads /config.json, then keeps a WebSocket to the monitoring service open for the life of the page, reconnecting
 * with backoff. Each connection starts with a snapshot, so nothing is lost across reconnects.
 */
export function useMonitoringSocket(): MonitoringFeed {
  const [plant, dispatch] = useReducer(applyMessage, initialPlantState);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [lastMessageAt, setLastMessageAt] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let config: DashboardConfig | null = null;
    let everLive = false;

    const retry = (): void => {
      if (stopped) return;
      setConnection(everLive ? 'reconnecting' : 'connecting');
      timer = setTimeout(() => void connect(), reconnectDelay(attempt));
      attempt += 1;
    };

    const onMessage = (event: MessageEvent<unknown>): void => {
      if (typeof event.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        console.warn('[monitoring] ignored a message that is not JSON');
        return;
      }
      const parsed = WsMessageSchema.safeParse(raw);
      if (!parsed.success) {
        console.warn(`[monitoring] ignored an invalid message: ${summarizeIssues(parsed.error.issues)}`);
        return;
      }
      if (parsed.data.type === 'snapshot') {
        // Reset the backoff only once the server proved useful: one that accepts and drops would otherwise loop fast.
        attempt = 0;
        everLive = true;
        setConnection('live');
      }
      dispatch(parsed.data);
      setLastMessageAt(Date.now());
    };

    const connect = async (): Promise<void> => {
      if (config === null) {
        config = await loadConfig();
        if (stopped) return;
        if (config === null) return retry();
      }
      const ws = new WebSocket(config.wsUrl);
      socket = ws;
      ws.addEventListener('message', onMessage);
      // 'error' is always followed by 'close'; reconnecting from 'close' alone avoids scheduling twice.
      ws.addEventListener('close', () => {
        if (socket === ws) socket = null;
        retry();
      });
    };

    void connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);

  return { plant, connection, lastMessageAt };
}

async function loadConfig(): Promise<DashboardConfig | null> {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const config = parseDashboardConfig(await res.json());
    if (config === null) console.warn('[monitoring] /config.json lacks a valid monitoringUrl and ws:// wsUrl');
    return config;
  } catch (err) {
    console.warn(`[monitoring] cannot load /config.json: ${(err as Error).message}`);
    return null;
  }
}
