import type { Target } from '../config';
import { parsePrometheusText, type PromSample } from '../domain/prometheus-text';

/** GETs `{url}/actuator/prometheus` with a timeout and parses it; throws with the reason on any failure. */
export async function scrapePrometheus(target: Target, timeoutMs: number): Promise<PromSample[]> {
  const res = await fetch(new URL('/actuator/prometheus', target.url), {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'text/plain' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${target.service} /actuator/prometheus`);
  return parsePrometheusText(text);
}
