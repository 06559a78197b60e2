import { resolveNodeId } from 'node-opcua';
import type { NodeHealth } from './node-health';
import type { NodeMapping, SourceNode } from './types';

/**
 * The configured node list as nodes to acquire. A NodeId that does not parse is a
 * configuration error of that one sensor: reported and skipped, the others still run.
 */
export function resolveNodes(mappings: readonly NodeMapping[], health: NodeHealth): SourceNode[] {
  const nodes: SourceNode[] = [];
  for (const m of mappings) {
    try {
      nodes.push({ nodeId: resolveNodeId(m.nodeId), assetId: m.assetId, sensorId: m.sensorId, unit: m.unit });
    } catch (error) {
      health.fail({ nodeId: m.nodeId, sensorId: m.sensorId }, `invalid NodeId: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return nodes;
}
