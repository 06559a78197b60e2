/**
 * Learns the plant from a server that follows Vigie's layout, Objects/Plant/<asset>/<sensor>,
 * with the asset and sensor specs as properties (see plant-simulator's address-space.ts).
 */
import {
  AttributeIds,
  BrowseDirection,
  NodeClass,
  ReferenceTypeIds,
  browseAll,
  resolveNodeId,
  type ClientSession,
  type NodeId,
  type ReferenceDescription,
} from 'node-opcua';
import { ASSET_TYPES, SENSOR_KINDS, type AssetSpec, type AssetType, type SensorKind, type SensorSpec } from '@vigie/plant-simulator';
import type { SourceLogger, SourceNode } from './types';

/** A catalog sensor and the server node it was discovered at. */
export interface DiscoveredSensor {
  assetId: string;
  spec: SensorSpec;
  nodeId: NodeId;
}

export const toSourceNode = (s: DiscoveredSensor): SourceNode => ({ nodeId: s.nodeId, assetId: s.assetId, sensorId: s.spec.id, unit: s.spec.unit });

const CHILDREN = {
  browseDirection: BrowseDirection.Forward,
  referenceTypeId: 'HierarchicalReferences',
  includeSubtypes: true,
  nodeClassMask: NodeClass.Object | NodeClass.Variable,
  resultMask: 0x3f,
};

async function browseChildren(session: ClientSession, nodeIds: NodeId[]): Promise<ReferenceDescription[][]> {
  const results = await browseAll(session, nodeIds.map((nodeId) => ({ ...CHILDREN, nodeId })));
  return results.map((r) => r.references ?? []);
}

const isProperty = (r: ReferenceDescription) => r.referenceTypeId.value === ReferenceTypeIds.HasProperty && r.referenceTypeId.namespace === 0;

/** Reads every property of the given nodes in one request: name → value, per node. */
async function readProperties(session: ClientSession, children: ReferenceDescription[][]): Promise<Map<string, unknown>[]> {
  const props = children.map((refs) => refs.filter(isProperty));
  const values = await session.read(props.flat().map((r) => ({ nodeId: r.nodeId, attributeId: AttributeIds.Value })));
  let i = 0;
  return props.map((refs) => new Map(refs.map((r) => [r.browseName.name ?? '', values[i++]?.value.value as unknown])));
}

function field<T extends 'string' | 'number'>(props: Map<string, unknown>, name: string, type: T): T extends 'string' ? string : number {
  const value = props.get(name);
  if (typeof value !== type) throw new Error(`property ${name} missing or not a ${type}`);
  return value as T extends 'string' ? string : number;
}

/** Builds the catalog from Objects/Plant. An asset or sensor that does not parse is logged and left out. */
export async function discoverPlant(session: ClientSession, logger: SourceLogger): Promise<{ assets: AssetSpec[]; sensors: DiscoveredSensor[] }> {
  const [objects = []] = await browseChildren(session, [resolveNodeId('ObjectsFolder')]);
  const plant = objects.find((r) => r.browseName.name === 'Plant');
  if (!plant) throw new Error('the server has no Objects/Plant folder');
  const [plantChildren = []] = await browseChildren(session, [plant.nodeId]);
  const assetRefs = plantChildren.filter((r) => r.nodeClass === NodeClass.Object);
  const assetChildren = await browseChildren(session, assetRefs.map((r) => r.nodeId));
  const sensorRefs = assetChildren.map((refs) => refs.filter((r) => r.nodeClass === NodeClass.Variable && !isProperty(r)));
  const sensorChildren = await browseChildren(session, sensorRefs.flat().map((r) => r.nodeId));
  const assetProps = await readProperties(session, assetChildren);
  const sensorProps = await readProperties(session, sensorChildren);

  const assets: AssetSpec[] = [];
  const sensors: DiscoveredSensor[] = [];
  let s = 0;
  assetRefs.forEach((ref, a) => {
    const id = ref.browseName.name ?? '';
    const refs = sensorRefs[a] ?? [];
    const specs: SensorSpec[] = [];
    for (const sensorRef of refs) {
      const props = sensorProps[s++] ?? new Map<string, unknown>();
      const kind = sensorRef.browseName.name as SensorKind;
      try {
        if (!SENSOR_KINDS.includes(kind)) throw new Error(`unknown sensor kind ${kind}`);
        const spec: SensorSpec = {
          id: `${id}.${kind}`, kind, unit: field(props, 'Unit', 'string'),
          min: field(props, 'RangeMin', 'number'), max: field(props, 'RangeMax', 'number'),
          samplingHz: field(props, 'SamplingHz', 'number'),
        };
        specs.push(spec);
        sensors.push({ assetId: id, spec, nodeId: sensorRef.nodeId });
      } catch (error) {
        logger.warn({ assetId: id, node: sensorRef.nodeId.toString(), error: String(error) }, 'sensor skipped');
      }
    }
    try {
      const props = assetProps[a] ?? new Map<string, unknown>();
      const type = field(props, 'AssetType', 'string') as AssetType;
      if (!ASSET_TYPES.includes(type)) throw new Error(`unknown asset type ${type}`);
      assets.push({
        id, name: field(props, 'Name', 'string'), type, site: field(props, 'Site', 'string'),
        area: field(props, 'Area', 'string'), line: field(props, 'Line', 'string'),
        location: { lat: field(props, 'Latitude', 'number'), lon: field(props, 'Longitude', 'number') },
        sensors: specs,
      });
    } catch (error) {
      logger.warn({ assetId: id, error: String(error) }, 'asset skipped');
    }
  });
  const kept = new Set(assets.map((a) => a.id));
  return { assets, sensors: sensors.filter((x) => kept.has(x.assetId)) };
}
