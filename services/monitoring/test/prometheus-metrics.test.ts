import { describe, expect, it } from 'vitest';
import { ServiceMetrics } from '@vigie/service-kit';
import { PrometheusParseError, parsePrometheusText } from '../src/domain/prometheus-text';
import { aggregateScrapes, histogramQuantile, totalsOf } from '../src/domain/service-metrics';

describe('Prometheus text parser', () => {
  it('reads comments, labels with escapes, special values and timestamps', () => {
    const text = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'nan_value NaN',
      'neg{a="x",} -Inf',
      'empty_labels{} 0',
    ].join('\n');
    const samples = parsePrometheusText(text);
    expect(samples.map((s) => s.name)).toEqual([
      'http_requests_total',
      'http_requests_total',
      'msdos_file_access_time_seconds',
      'metric_without_timestamp_and_labels',
      'something_weird',
      'nan_value',
      'neg',
      'empty_labels',
    ]);
    expect(samples[0]).toEqual({ name: 'http_requests_total', labels: { method: 'post', code: '200' }, value: 1027 });
    expect(samples[2]?.labels).toEqual({ path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
    expect(samples[2]?.value).toBe(1.458255915e9);
    expect(samples[4]?.value).toBe(Infinity);
    expect(samples[5]?.value).toBeNaN();
    expect(samples[6]).toEqual({ name: 'neg', labels: { a: 'x' }, value: -Infinity });
  });

  it('names the line of a malformed sample', () => {
    expect(() => parsePrometheusText('ok 1\nbad{le="1" 2')).toThrow(PrometheusParseError);
    expect(() => parsePrometheusText('ok 1\nbad{le="1" 2')).toThrow(/line 2/);
    expect(() => parsePrometheusText('x{a="unterminated} 1')).toThrow(/unterminated/);
    expect(() => parsePrometheusText('x abc')).toThrow(/bad value "abc"/);
    expect(() => parsePrometheusText('{a="b"} 1')).toThrow(/no metric name/);
    expect(() => parsePrometheusText('x 1 2 3')).toThrow(/value \[timestamp\]/);
  });

  it("parses service-kit's real registry output", async () => {
    const m = new ServiceMetrics('ingestion-iiot');
    m.eventsConsumed.inc({ topic: 'sensor-data', outcome: 'ok' }, 40);
    m.eventsConsumed.inc({ topic: 'sensor-data', outcome: 'dead_lettered' }, 2);
    m.eventsPublished.inc({ topic: 'sensor-data' }, 7);
    m.httpRequests.observe({ method: 'GET', route: '/api/v1/ingestion/assets', status: '200' }, 0.02);
    m.httpRequests.observe({ method: 'GET', route: '/actuator/health', status: '200' }, 0.001);
    const totals = totalsOf(parsePrometheusText(await m.registry.metrics()), 1000);
    expect(totals).toMatchObject({ requests: 1, errors: 0, eventsIn: 42, eventsOut: 7, dlqTotal: 2, consumerLag: null });
    expect(totals.buckets.get(0.025)).toBe(1);
    expect(totals.buckets.get(0.01)).toBe(0);
    m.consumerLag.set({ topic: 'sensor-data', group: 'g' }, 12);
    expect(totalsOf(parsePrometheusText(await m.registry.metrics()), 1000).consumerLag).toBe(12);
  });
});

describe('aggregation of two scrapes', () => {
  it('interpolates the quantile inside its bucket, as histogram_quantile', () => {
    const buckets = new Map([
      [0.1, 50],
      [0.5, 90],
      [1, 100],
      [Infinity, 100],
    ]);
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.75); // 95 is halfway between 90 (0.5) and 100 (1)
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05);
    expect(
      histogramQuantile(
        0.99,
        new Map([
          [0.1, 1],
          [Infinity, 10],
        ]),
      ),
    ).toBe(0.1); // in +Inf: highest finite bound
    expect(histogramQuantile(0.95, new Map([[Infinity, 0]]))).toBeNull();
  });

  it('gives rates, p95, error rate over the interval and nulls for the first scrape', async () => {
    const m = new ServiceMetrics('anomaly-detection');
    const scrape = async (at: number) => totalsOf(parsePrometheusText(await m.registry.metrics()), at);
    m.httpRequests.observe({ method: 'GET', route: '/a', status: '200' }, 2); // before the interval: ignored by p95
    const first = await scrape(10_000);
    expect(aggregateScrapes(null, first)).toMatchObject({ requestsPerSecond: null, latencyP95Ms: null, errorRate: null, dlqTotal: 0 });

    for (let i = 0; i < 19; i++) m.httpRequests.observe({ method: 'GET', route: '/a', status: '200' }, 0.004);
    m.httpRequests.observe({ method: 'POST', route: '/b', status: '503' }, 0.2);
    m.eventsConsumed.inc({ topic: 't', outcome: 'ok' }, 50);
    m.eventsPublished.inc({ topic: 'u' }, 10);
    for (let i = 0; i < 30; i++) m.httpRequests.observe({ method: 'GET', route: '/actuator/prometheus', status: '200' }, 1);
    const second = await scrape(15_000);
    const sample = aggregateScrapes(first, second);
    expect(sample).toMatchObject({
      at: new Date(15_000).toISOString(),
      requestsPerSecond: 4, // 20 requests in 5 s; the /actuator ones are not counted
      eventsInPerSecond: 10,
      eventsOutPerSecond: 2,
      errorRate: 0.05,
      dlqTotal: 0,
      consumerLag: null,
    });
    // 19 of 20 within 5 ms: p95 is the rank-19 request, at the top of the 5 ms bucket.
    expect(sample.latencyP95Ms).toBe(5);
    // No request in the next interval: no latency, no error rate, rates 0.
    expect(aggregateScrapes(second, await scrape(20_000))).toMatchObject({ requestsPerSecond: 0, latencyP95Ms: null, errorRate: null });
  });

  it('treats a smaller counter as a restart (counts from zero), like rate()', () => {
    const before = {
      at: 0,
      requests: 100,
      errors: 10,
      buckets: new Map([[Infinity, 100]]),
      eventsIn: 500,
      eventsOut: 0,
      dlqTotal: 3,
      consumerLag: null,
    };
    const after = {
      at: 10_000,
      requests: 20,
      errors: 0,
      buckets: new Map([[Infinity, 20]]),
      eventsIn: 30,
      eventsOut: 0,
      dlqTotal: 0,
      consumerLag: 4,
    };
    expect(aggregateScrapes(before, after)).toMatchObject({ requestsPerSecond: 2, eventsInPerSecond: 3, errorRate: 0, consumerLag: 4 });
  });
});
