import { z } from 'zod';
import { createModbusSource } from '../adapters/modbus-source';
import { createMqttSource } from '../adapters/mqtt-source';
import { createOpcUaSource } from '../adapters/opcua-source';
import { ModbusDeviceConfigSchema } from './modbus-config';
import { MqttSourceConfigSchema } from './mqtt-config';
import { OpcUaSourceConfigSchema } from './opcua-config';
import type { IngestionSource, SourceCallbacks } from './source';

export * from './source';
export * from './opcua-config';

/** One source of the plant file or of `POST /api/v1/ingestion/sources`, by protocol. */
export const SourceConfigSchema = z.discriminatedUnion('protocol', [OpcUaSourceConfigSchema, ModbusDeviceConfigSchema, MqttSourceConfigSchema]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

/** Where a source connects, for status and logs (never with credentials). */
export function describeEndpoint(config: SourceConfig): string {
  switch (config.protocol) {
    case 'opcua':
      return config.endpoint;
    case 'modbus':
      return `modbus://${config.host}:${config.port}/${config.unitId}`;
    case 'mqtt':
      return config.url.replace(/\/\/[^@/]*@/, '//');
  }
}

export function createSource(config: SourceConfig, callbacks: SourceCallbacks, options: { pkiDir?: string }): IngestionSource {
  switch (config.protocol) {
    case 'opcua': {
      const { id: _id, protocol: _protocol, endpoint, assets, ...opcua } = config;
      const source = createOpcUaSource({ endpointUrl: endpoint, ...opcua, ...callbacks, ...(options.pkiDir ? { pkiDir: options.pkiDir } : {}) });
      // An explicit node list is not browsed: its assets come from the configuration.
      return assets ? { ...source, catalog: () => (source.catalog().length ? source.catalog() : assets) } : source;
    }
    case 'modbus':
      return createModbusSource({ config, ...callbacks });
    case 'mqtt':
      return createMqttSource({ config, ...callbacks });
  }
}
