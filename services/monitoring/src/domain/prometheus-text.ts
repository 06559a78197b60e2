/**
 * A parser of the Prometheus text exposition format (version 0.0.4), enough for what prom-client writes and more:
 * `# HELP` / `# TYPE` comments, samples `name{label="value",…} value [timestamp]`, escaped label values (\\ \" \n),
 * and the special values NaN, +Inf, -Inf. Pure: the scrape itself is in adapters/prometheus-scraper.ts.
 */

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export class PrometheusParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'PrometheusParseError';
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Every sample of the text, in order. Throws PrometheusParseError (with the line number) on a malformed line. */
export function parsePrometheusText(text: string): PromSample[] {
  const out: PromSample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    out.push(parseSample(line, i + 1));
  }
  return out;
}

function parseSample(line: string, lineNo: number): PromSample {
  const nameMatch = NAME.exec(line);
  if (!nameMatch) throw new PrometheusParseError(lineNo, `no metric name in "${line}"`);
  const name = nameMatch[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      while (line[pos] === ' ') pos++;
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const labelMatch = LABEL_NAME.exec(line.slice(pos));
      if (!labelMatch) throw new PrometheusParseError(lineNo, `bad label name at column ${pos + 1}`);
      pos += labelMatch[0].length;
      if (line[pos] !== '=' || line[pos + 1] !== '"') throw new PrometheusParseError(lineNo, `expected =" after label ${labelMatch[0]}`);
      pos += 2;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) throw new PrometheusParseError(lineNo, 'unterminated label value');
        pos++;
        if (c === '"') break;
        if (c === '\\') {
          const next = line[pos++];
          value += next === 'n' ? '\n' : next === '\\' ? '\\' : next === '"' ? '"' : `\\${next ?? ''}`;
        } else value += c;
      }
      labels[labelMatch[0]] = value;
      while (line[pos] === ' ') pos++;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') throw new PrometheusParseError(lineNo, `expected , or } at column ${pos + 1}`);
    }
  }
  const rest = line.slice(pos).trim().split(/\s+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '')
    throw new PrometheusParseError(lineNo, `expected "value [timestamp]" after ${name}`);
  const value = parseValue(rest[0]!);
  if (value === null) throw new PrometheusParseError(lineNo, `bad value "${rest[0]}"`);
  return { name, labels, value };
}

function parseValue(raw: string): number | null {
  if (raw === 'NaN') return NaN;
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  const n = Number(raw);
  return raw.trim() === '' || Number.isNaN(n) ? null : n;
}
