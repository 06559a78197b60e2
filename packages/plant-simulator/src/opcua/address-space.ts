import { DataType, type AddressSpace, type Namespace, type UAObject, type UAVariable } from 'node-opcua';
import type { AssetSpec, SensorSpec } from '../catalog';

/** Name of the folder under Objects that holds one object per asset. */
export const PLANT_FOLDER = 'Plant';

type PropertyValue = { dataType: DataType.String; value: string } | { dataType: DataType.Double; value: number };

function addProperty(namespace: Namespace, owner: UAObject | UAVariable, name: string, value: PropertyValue): void {
  namespace.addVariable({
    propertyOf: owner,
    browseName: name,
    dataType: value.dataType === DataType.String ? 'String' : 'Double',
    value,
  });
}

const text = (value: string): PropertyValue => ({ dataType: DataType.String, value });
const real = (value: number): PropertyValue => ({ dataType: DataType.Double, value });

function addSensor(namespace: Namespace, asset: UAObject, sensor: SensorSpec): UAVariable {
  const variable = namespace.addVariable({
    componentOf: asset,
    browseName: sensor.kind,
    nodeId: `s=${sensor.id}`,
    dataType: 'Double',
    // 0 = exception-based: every write is a change a monitored item can report, none is sampled away.
    minimumSamplingInterval: 0,
  });
  addProperty(namespace, variable, 'Unit', text(sensor.unit));
  addProperty(namespace, variable, 'RangeMin', real(sensor.min));
  addProperty(namespace, variable, 'RangeMax', real(sensor.max));
  addProperty(namespace, variable, 'SamplingHz', real(sensor.samplingHz));
  return variable;
}

/**
 * Publishes the catalog as Objects/Plant/<assetId>/<sensorKind>. Everything a client needs
 * to rebuild the AssetSpec is in the address space, so Vigie learns the plant by browsing.
 * Returns the sensor variables keyed by sensor id.
 */
export function buildPlantAddressSpace(addressSpace: AddressSpace, catalog: AssetSpec[]): Map<string, UAVariable> {
  const namespace = addressSpace.getOwnNamespace();
  const plant = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: PLANT_FOLDER, nodeId: `s=${PLANT_FOLDER}` });
  const variables = new Map<string, UAVariable>();
  for (const spec of catalog) {
    const asset = namespace.addObject({ organizedBy: plant, browseName: spec.id, nodeId: `s=${spec.id}` });
    addProperty(namespace, asset, 'Name', text(spec.name));
    addProperty(namespace, asset, 'AssetType', text(spec.type));
    addProperty(namespace, asset, 'Site', text(spec.site));
    addProperty(namespace, asset, 'Area', text(spec.area));
    addProperty(namespace, asset, 'Line', text(spec.line));
    addProperty(namespace, asset, 'Latitude', real(spec.location.lat));
    addProperty(namespace, asset, 'Longitude', real(spec.location.lon));
    for (const sensor of spec.sensors) variables.set(sensor.id, addSensor(namespace, asset, sensor));
  }
  return variables;
}
