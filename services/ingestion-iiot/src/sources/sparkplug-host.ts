/**
 * The state a Sparkplug host application keeps per edge node (Sparkplug 3.0 §5): BIRTH certificates define
 * metric names, aliases and datatypes; DATA is read through them; `seq` must run 0–255 without a gap; a DEATH
 * makes the node's (or device's) metrics bad until the next BIRTH. Pure: the caller publishes the rebirth
 * requests it returns and delivers the readings.
 */
import type { Reading } from '@vigie/plant-simulator';
import type { SparkplugConfig } from './mqtt-config';
import type { SparkplugTopic } from './sparkplug';
import { isNumericType, numericValue, typedValue, type SparkplugMetric, type SparkplugPayload } from './sparkplug-decode';
import { isProtocolMetric, propertyQuality, resolveMetricTarget, type MetricTarget } from './sparkplug-mapping';

export type HostIssueCode = 'NO_BIRTH' | 'SEQ_GAP' | 'UNKNOWN_METRIC' | 'BAD_VALUE' | 'STALE_DEATH';
export interface HostIssue { code: HostIssueCode; edgeNode: string; device?: string; detail: string }
export interface HostOutcome {
  readings: Reading[];
  /** Edge node to send `Node Control/Rebirth` to, already rate-limited. */
  rebirth: string | null;
  issues: HostIssue[];
  /** A BIRTH was processed: the catalog may have grown. */
  learned: boolean;
}

interface MetricDef { name: string; datatype: number | undefined; target: MetricTarget | null }
interface Scope { dead: boolean; byName: Map<string, MetricDef>; byAlias: Map<number, MetricDef> }
type IssueSink = (code: HostIssueCode, detail: string, rebirth: boolean) => void;
interface NodeSession extends Scope { bdSeq: number | undefined; seq: number; stale: boolean; devices: Map<string, Scope> }

export interface SparkplugHostOptions {
  config: SparkplugConfig;
  declaredUnit?: (sensorId: string) => string | undefined;
}

/** The birth/death sequence number that pairs an NDEATH with the NBIRTH of the same MQTT session (§6.4.19). */
function bdSeqOf(payload: SparkplugPayload): number | undefined {
  const m = payload.metrics.find((x) => x.name === 'bdSeq');
  const v = m ? Number(typedValue(m.datatype, m.raw)) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

export class SparkplugHost {
  private readonly nodes = new Map<string, NodeSession>();
  private readonly lastRebirth = new Map<string, number>();

  constructor(private readonly options: SparkplugHostOptions) {}

  /** Every metric target learned from BIRTH certificates so far. */
  *learned(): Iterable<MetricTarget> {
    for (const node of this.nodes.values()) {
      for (const scope of [node, ...node.devices.values()]) for (const d of scope.byName.values()) if (d.target) yield d.target;
    }
  }

  /** True while a node has missed a message since its last NBIRTH (its readings are 'uncertain'). */
  isStale(edgeNode: string): boolean {
    return this.nodes.get(edgeNode)?.stale ?? false;
  }

  handle(topic: SparkplugTopic, payload: SparkplugPayload, now: number): HostOutcome {
    const out: HostOutcome = { readings: [], rebirth: null, issues: [], learned: false };
    if (topic.kind === 'state' || topic.type === 'NCMD' || topic.type === 'DCMD') return out;
    const { edgeNode } = topic;
    const device = topic.kind === 'device' ? topic.device : undefined;
    const issue: IssueSink = (code, detail, rebirth) => {
      out.issues.push({ code, edgeNode, ...(device !== undefined ? { device } : {}), detail });
      if (rebirth) out.rebirth = this.rebirthDue(edgeNode, now) ? edgeNode : out.rebirth;
    };
    if (topic.type === 'NBIRTH') {
      const scope = this.define(topic.groupId, edgeNode, undefined, payload.metrics);
      const session: NodeSession = { ...scope, bdSeq: bdSeqOf(payload), seq: payload.seq ?? 0, stale: false, devices: new Map() };
      this.nodes.set(edgeNode, session);
      out.learned = true;
      this.emit(session, session, payload, now, out, issue);
      return out;
    }
    const session = this.nodes.get(edgeNode);
    if (!session) {
      issue('NO_BIRTH', `${topic.type} before any NBIRTH`, topic.type !== 'NDEATH');
      return out;
    }
    if (topic.type === 'NDEATH') return this.nodeDeath(session, payload, now, out, issue);
    // NDATA, DBIRTH, DDATA and DDEATH all carry the node's next sequence number (§6.4.3).
    const expected = (session.seq + 1) % 256;
    if (payload.seq !== expected) {
      session.stale = true;
      issue('SEQ_GAP', `seq ${payload.seq ?? 'missing'}, expected ${expected}`, true);
    }
    session.seq = payload.seq ?? expected;
    if (topic.type === 'DBIRTH') {
      session.devices.set(topic.device, this.define(topic.groupId, edgeNode, topic.device, payload.metrics));
      out.learned = true;
    }
    const scope = device === undefined ? session : session.devices.get(device);
    if (!scope) {
      issue('NO_BIRTH', `${topic.type} before any DBIRTH`, true);
      return out;
    }
    if (topic.type === 'DDEATH') {
      if (!scope.dead) out.readings.push(...this.deathReadings(scope, payload.timestamp ?? now));
      scope.dead = true;
      return out;
    }
    // DATA after a DEATH without a new BIRTH: the edge node is out of step with us, so ask it to rebirth.
    if (scope.dead || session.dead) issue('NO_BIRTH', `${topic.type} after a DEATH`, true);
    const unknown = this.emit(session, scope, payload, now, out, issue);
    if (unknown.length > 0) issue('UNKNOWN_METRIC', `not in the BIRTH certificate: ${unknown.slice(0, 5).join(', ')}`, true);
    return out;
  }

  private nodeDeath(session: NodeSession, payload: SparkplugPayload, now: number, out: HostOutcome, issue: IssueSink): HostOutcome {
    const deathBd = bdSeqOf(payload);
    // The broker publishes an NDEATH (the will) of an old session after the node has already reconnected: §7.2.
    if (deathBd !== undefined && session.bdSeq !== undefined && deathBd !== session.bdSeq) {
      issue('STALE_DEATH', `NDEATH bdSeq ${deathBd} does not match NBIRTH bdSeq ${session.bdSeq}`, false);
      return out;
    }
    // The will payload was built when the node connected, so its timestamp is old: the death is now.
    for (const scope of [session, ...session.devices.values()]) {
      if (!scope.dead) out.readings.push(...this.deathReadings(scope, now));
      scope.dead = true;
    }
    return out;
  }

  private define(groupId: string, edgeNode: string, device: string | undefined, metrics: readonly SparkplugMetric[]): Scope {
    const scope: Scope = { dead: false, byName: new Map(), byAlias: new Map() };
    const unit = this.options.declaredUnit ?? (() => undefined);
    for (const m of metrics) {
      if (m.name === undefined) continue;
      const target = isProtocolMetric(m.name) || !isNumericType(m.datatype) ? null : resolveMetricTarget(this.options.config.deviceMap, { groupId, edgeNode, ...(device !== undefined ? { device } : {}), metric: m.name }, m.properties, unit);
      const def: MetricDef = { name: m.name, datatype: m.datatype, target };
      scope.byName.set(m.name, def);
      if (m.alias !== undefined) scope.byAlias.set(m.alias, def);
    }
    return scope;
  }

  /** Reads a payload's metrics through the scope's definitions; returns the names/aliases it did not know. */
  private emit(session: NodeSession, scope: Scope, payload: SparkplugPayload, now: number, out: HostOutcome, issue: IssueSink): string[] {
    const unknown: string[] = [];
    for (const m of payload.metrics) {
      const def = (m.alias !== undefined ? scope.byAlias.get(m.alias) : undefined) ?? (m.name !== undefined ? scope.byName.get(m.name) : undefined);
      if (!def) {
        unknown.push(m.name ?? `alias ${m.alias}`);
        continue;
      }
      if (!def.target) continue;
      const ts = m.timestamp ?? payload.timestamp ?? now;
      const base = { assetId: def.target.assetId, sensorId: def.target.sensorId, ts, unit: def.target.unit };
      const declared = propertyQuality(m.properties.Quality);
      if (m.isNull || scope.dead || session.dead || declared === 'bad') {
        out.readings.push({ ...base, value: null, quality: 'bad' });
        continue;
      }
      const value = numericValue(def.datatype, m.raw);
      if (value === undefined) {
        issue('BAD_VALUE', `${def.name}: a ${m.raw.field} value for datatype ${def.datatype}`, false);
        continue;
      }
      out.readings.push({ ...base, value, quality: session.stale || declared === 'uncertain' ? 'uncertain' : 'good' });
    }
    return unknown;
  }

  private deathReadings(scope: Scope, ts: number): Reading[] {
    return [...scope.byName.values()].flatMap((d) => (d.target ? [{ assetId: d.target.assetId, sensorId: d.target.sensorId, ts, unit: d.target.unit, value: null, quality: 'bad' as const }] : []));
  }

  private rebirthDue(edgeNode: string, now: number): boolean {
    const last = this.lastRebirth.get(edgeNode);
    if (last !== undefined && now - last < this.options.config.rebirthIntervalMs) return false;
    this.lastRebirth.set(edgeNode, now);
    return true;
  }
}
