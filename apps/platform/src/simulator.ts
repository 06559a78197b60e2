import { createPlant, startOpcUaServer, type Plant, type RunningOpcUaServer } from '@vigie/plant-simulator';
import type { PlatformSettings } from './settings';

export interface RunningSimulator {
  plant: Plant;
  server: RunningOpcUaServer;
}

/**
 * Starts the demo plant's OPC UA server. `resumeAfter` (the newest stored reading) moves the plant clock past the
 * data already stored: the accelerated clock runs ahead of wall time, and a restart must not go back in time.
 */
export async function startSimulator(s: PlatformSettings, resumeAfter: number | null): Promise<RunningSimulator> {
  const startTime = Math.max(Date.now(), (resumeAfter ?? 0) + 60_000);
  const plant = createPlant({ seed: s.simulator.seed, accel: s.simulator.accel, startTime });
  const server = await startOpcUaServer(plant, { port: s.simulator.port, host: s.simulator.host, pkiDir: `${s.dataDir}/pki/simulator` });
  return { plant, server };
}
