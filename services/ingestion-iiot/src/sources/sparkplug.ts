/**
 * Sparkplug B topic namespace (Sparkplug 3.0 §4.1):
 *   spBv1.0/<group_id>/<NBIRTH|NDATA|NDEATH|NCMD>/<edge_node_id>
 *   spBv1.0/<group_id>/<DBIRTH|DDATA|DDEATH|DCMD>/<edge_node_id>/<device_id>
 *   spBv1.0/STATE/<host_id>   (3.0; 2.2 hosts used STATE/<host_id> outside the namespace)
 * The payload decoder and the host state machine live beside this file.
 */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export type NodeMessageType = 'NBIRTH' | 'NDATA' | 'NDEATH' | 'NCMD';
export type DeviceMessageType = 'DBIRTH' | 'DDATA' | 'DDEATH' | 'DCMD';

export type SparkplugTopic =
  | { kind: 'node'; groupId: string; type: NodeMessageType; edgeNode: string }
  | { kind: 'device'; groupId: string; type: DeviceMessageType; edgeNode: string; device: string }
  | { kind: 'state'; hostId: string };

const NODE_TYPES: ReadonlySet<string> = new Set<NodeMessageType>(['NBIRTH', 'NDATA', 'NDEATH', 'NCMD']);
const DEVICE_TYPES: ReadonlySet<string> = new Set<DeviceMessageType>(['DBIRTH', 'DDATA', 'DDEATH', 'DCMD']);

/** Ids are UTF-8 strings without the MQTT separators and wildcards (§4.1.1). */
const isId = (s: string | undefined): s is string => s !== undefined && s.length > 0 && !/[/+#]/.test(s);

/** Parses a Sparkplug B topic; null for anything else (a foreign topic under the same broker is not an error). */
export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) return null;
  const [, groupId, type, edgeNode, device] = parts;
  if (groupId === 'STATE' && parts.length === 3 && isId(type)) return { kind: 'state', hostId: type };
  if (!isId(groupId) || type === undefined || !isId(edgeNode)) return null;
  if (NODE_TYPES.has(type) && parts.length === 4) return { kind: 'node', groupId, type: type as NodeMessageType, edgeNode };
  if (DEVICE_TYPES.has(type) && parts.length === 5 && isId(device)) {
    return { kind: 'device', groupId, type: type as DeviceMessageType, edgeNode, device };
  }
  return null;
}

/** The filters a host subscribes to: one group, optionally one edge node (NCMD/DCMD are ours, not subscribed). */
export function sparkplugSubscriptions(groupId: string, edgeNode?: string): string[] {
  const node = edgeNode ?? '+';
  const types: string[] = ['NBIRTH', 'NDATA', 'NDEATH', 'DBIRTH', 'DDATA', 'DDEATH'];
  return types.map((t) => `${SPARKPLUG_NAMESPACE}/${groupId}/${t}/${node}${t.startsWith('D') ? '/+' : ''}`);
}

export function ncmdTopic(groupId: string, edgeNode: string): string {
  return `${SPARKPLUG_NAMESPACE}/${groupId}/NCMD/${edgeNode}`;
}

/** Sparkplug B DataType enum (§6.4.16); only the scalar numeric types become readings. */
export const DataType = {
  Int8: 1, Int16: 2, Int32: 3, Int64: 4, UInt8: 5, UInt16: 6, UInt32: 7, UInt64: 8,
  Float: 9, Double: 10, Boolean: 11, String: 12, DateTime: 13, Text: 14, UUID: 15,
  DataSet: 16, Bytes: 17, File: 18, Template: 19, PropertySet: 20, PropertySetList: 21,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];
