import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BusMessage, TopicSpec } from './event-bus';

/** Committed offsets: group → topic → partition → next offset to read. */
export type CommitTable = Map<string, Map<string, Map<number, number>>>;

interface StoredLine {
  readonly o: number;
  readonly t: number;
  readonly k: string | null;
  /** value, base64 */
  readonly v: string;
  readonly h: Record<string, string>;
}

/**
 * Persistence of the embedded bus, so a restart of the embedded platform keeps accepted messages and committed
 * offsets. Layout under dataDir: `topics.json`, `offsets.json` and `<topic>/<partition>.jsonl` (one message per
 * line). Appends are synchronous writes to the OS (they survive a process crash, not a power cut: there is no
 * fsync, the embedded profile trades that for throughput). Offsets are written at most every 50 ms; losing the
 * last ones only means redelivery, which at-least-once consumers already handle.
 */
export class FileLogStore {
  private readonly lineCounts = new Map<string, number>();
  private commitTimer: NodeJS.Timeout | undefined;
  private pendingCommits: (() => CommitTable) | undefined;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  loadTopics(): TopicSpec[] {
    const file = join(this.dir, 'topics.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TopicSpec[]) : [];
  }

  saveTopics(topics: readonly TopicSpec[]): void {
    this.writeAtomic('topics.json', JSON.stringify(topics));
    for (const t of topics) mkdirSync(join(this.dir, t.name), { recursive: true });
  }

  /** The last `keep` messages of a partition file and the offset after the last one. */
  loadPartition(topic: string, partition: number, keep: number): { startOffset: number; messages: BusMessage[] } {
    const file = this.partitionFile(topic, partition);
    if (!existsSync(file)) return { startOffset: 0, messages: [] };
    const lines = readFileSync(file, 'utf8').split('\n');
    const messages: BusMessage[] = [];
    for (const line of lines) {
      if (line.length === 0) continue;
      let stored: StoredLine;
      try {
        stored = JSON.parse(line) as StoredLine;
      } catch {
        continue; // a line torn by a crash mid-write: the publish that wrote it never resolved
      }
      messages.push({
        topic,
        partition,
        offset: String(stored.o),
        key: stored.k,
        value: Buffer.from(stored.v, 'base64'),
        headers: stored.h,
        timestamp: stored.t,
      });
    }
    this.lineCounts.set(file, messages.length);
    const retained = messages.slice(Math.max(0, messages.length - keep));
    return { startOffset: retained.length > 0 ? Number(retained[0]!.offset) : 0, messages: retained };
  }

  append(topic: string, partition: number, messages: readonly BusMessage[]): void {
    const file = this.partitionFile(topic, partition);
    appendFileSync(file, encodeLines(messages));
    this.lineCounts.set(file, (this.lineCounts.get(file) ?? 0) + messages.length);
  }

  /** True when the file holds more than twice what retention keeps: time to rewrite it with `compact`. */
  needsCompaction(topic: string, partition: number, keep: number): boolean {
    return (this.lineCounts.get(this.partitionFile(topic, partition)) ?? 0) > 2 * keep;
  }

  /** Rewrites a partition file with only the retained messages (write then rename: never a half file). */
  compact(topic: string, partition: number, retained: readonly BusMessage[]): void {
    const file = this.partitionFile(topic, partition);
    writeFileSync(`${file}.tmp`, encodeLines(retained));
    renameSync(`${file}.tmp`, file);
    this.lineCounts.set(file, retained.length);
  }

  loadCommits(): CommitTable {
    const file = join(this.dir, 'offsets.json');
    const table: CommitTable = new Map();
    if (!existsSync(file)) return table;
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, Record<string, number>>>;
    for (const [group, topics] of Object.entries(raw)) {
      const byTopic = new Map<string, Map<number, number>>();
      for (const [topic, parts] of Object.entries(topics)) {
        byTopic.set(topic, new Map(Object.entries(parts).map(([p, o]) => [Number(p), o])));
      }
      table.set(group, byTopic);
    }
    return table;
  }

  /** Coalesces offset writes: the latest table is written at most every 50 ms. */
  scheduleCommits(snapshot: () => CommitTable): void {
    this.pendingCommits = snapshot;
    this.commitTimer ??= setTimeout(() => this.flush(), 50);
  }

  flush(): void {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const snapshot = this.pendingCommits;
    this.pendingCommits = undefined;
    if (!snapshot) return;
    const out: Record<string, Record<string, Record<number, number>>> = {};
    for (const [group, topics] of snapshot()) {
      out[group] = {};
      for (const [topic, parts] of topics) out[group][topic] = Object.fromEntries(parts);
    }
    this.writeAtomic('offsets.json', JSON.stringify(out));
  }

  private partitionFile(topic: string, partition: number): string {
    return join(this.dir, topic, `${partition}.jsonl`);
  }

  private writeAtomic(name: string, text: string): void {
    const file = join(this.dir, name);
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  }
}

function encodeLines(messages: readonly BusMessage[]): string {
  let text = '';
  for (const m of messages) {
    const line: StoredLine = { o: Number(m.offset), t: m.timestamp, k: m.key, v: m.value.toString('base64'), h: m.headers };
    text += `${JSON.stringify(line)}\n`;
  }
  return text;
}
