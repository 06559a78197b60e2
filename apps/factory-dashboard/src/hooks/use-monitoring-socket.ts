import { useEffect, useReducer, useState } from 'react';
import { WsMessageSchema, summarizeIssues, type WsMessage } from '@vigie/contracts';
import { withAccessToken } from '../auth/session';
import type { TopicSubscriptions } from '../live/topic-subscriptions';
import { reconnectDelay } from '../state/backoff';
import { FrameBatcher } from '../state/frame-batcher';
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
 * with backoff. Each connection starts with a snapshot; a reconnect asks for the alert changes missed meanwhile
 * (`?sinceSeq=` the last seq seen), so an alert raised and cleared while away is still seen. The raw-stream
 * subscriptions of `topics` are sent on every new socket, and its relayed events handed to it.
 */
export function useMonitoringSocket(topics?: TopicSubscriptions): MonitoringFeed {
  const [plant, dispatch] = useReducer(applyMessages, initialPlantState);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [lastMessageAt, setLastMessageAt] = useState<number | null>(null);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let config: DashboardConfig | null = null;
    let everLive = false;
    /** The latest alert seq received (snapshot or alert message), resumed from on the next connection. */
    let lastSeq: number | null = null;
    // One render per animation frame, whatever the message rate.
    // "Updated hh:mm:ss" shows seconds: refreshing it once a second spares the layout a render per frame.
    let shownAt = 0;
    const batcher = new FrameBatcher<WsMessage>((batch) => {
      dispatch(batch);
      const now = Date.now();
      if (now - shownAt >= 1000 || batch.some((m) => m.type === 'snapshot')) {
        shownAt = now;
        setLastMessageAt(now);
      }
    });

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
      const msg = parsed.data;
      lastSeq = seqAfter(lastSeq, msg);
      if (msg.type === 'snapshot') {
        // Reset the backoff only once the server proved useful: one that accepts and drops would otherwise loop fast.
        attempt = 0;
        everLive = true;
        setConnection('live');
      }
      // Raw-stream events go to their subscribers only: re-rendering every useLive() reader for each would be waste.
      if (msg.type === 'event') return topics?.dispatch(msg);
      if (msg.type === 'error') console.warn(`[monitoring] ${msg.code}: ${msg.message}`);
      else batcher.push(msg);
    };

    const connect = async (): Promise<void> => {
      if (config === null) {
        config = await loadConfig();
        if (stopped) return;
        if (config === null) return retry();
      }
      // Signed in (SSO on): the current access token rides on the URL, fresh on every reconnect.
      const ws = new WebSocket(withAccessToken(resumeUrl(config.wsUrl, lastSeq)));
      socket = ws;
      ws.addEventListener('message', onMessage);
      ws.addEventListener('open', () => topics?.connected((request) => ws.send(JSON.stringify(request))));
      // 'error' is always followed by 'close'; reconnecting from 'close' alone avoids scheduling twice.
      ws.addEventListener('close', () => {
        if (socket !== ws) return;
        socket = null;
        topics?.disconnected();
        retry();
      });
    };

    void connect();
    return () => {
      stopped = true;
      batcher.close();
      clearTimeout(timer);
      topics?.disconnected();
      socket?.close();
    };
  }, [topics]);

  return { plant, connection, lastMessageAt };
}

/** Folds a frame's worth of messages into the state, in arrival order. */
export function applyMessages(state: PlantState, batch: readonly WsMessage[]): PlantState {
  return batch.reduce(applyMessage, state);
}

/** The socket URL, asking the server to replay the alert changes after `lastSeq` when there is one. */
export function resumeUrl(wsUrl: string, lastSeq: number | null): string {
  if (lastSeq === null) return wsUrl;
  const url = new URL(wsUrl);
  url.searchParams.set('sinceSeq', String(lastSeq));
  return url.toString();
}

/** The alert seq to resume from after `msg`: the snapshot's (authoritative, even if lower), else the highest seen. */
export function seqAfter(lastSeq: number | null, msg: WsMessage): number | null {
  if (msg.type === 'snapshot') return msg.seq;
  if (msg.type === 'alert' || msg.type === 'resumed') return Math.max(lastSeq ?? 0, msg.seq);
  return lastSeq;
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
