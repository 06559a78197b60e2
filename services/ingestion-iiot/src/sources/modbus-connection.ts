/**
 * One TCP connection to a Modbus device through modbus-serial, reduced to what polling needs:
 * `read(table, address, count)` that always settles, with failures sorted by what the poller
 * must do about them (a timeout or an exception spoils one request; a closed socket, the poll).
 */
import ModbusRTU from 'modbus-serial';
import type { RegisterTable } from './modbus-config';

export type ReadFailureKind = 'timeout' | 'exception' | 'disconnected' | 'protocol';

export class ModbusReadError extends Error {
  constructor(
    readonly kind: ReadFailureKind,
    message: string,
    /** The device's exception code (02 illegal data address, 04 device failure, …) when kind is 'exception'. */
    readonly exceptionCode?: number,
  ) {
    super(message);
    this.name = 'ModbusReadError';
  }
}

export interface ModbusConnection {
  read(table: RegisterTable, address: number, count: number): Promise<number[]>;
  readonly isOpen: boolean;
  close(): void;
}

export interface ConnectOptions {
  host: string;
  port: number;
  unitId: number;
  timeoutMs: number;
  /** Called once when the peer closes or resets the connection (not after our own close()). */
  onClose?: () => void;
}

/** modbus-serial signals errors as plain objects with `modbusCode` / `errno`; sort them out here. */
function classify(error: unknown, client: ModbusRTU): ModbusReadError {
  const e = (error ?? {}) as { modbusCode?: unknown; errno?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (typeof e.modbusCode === 'number') return new ModbusReadError('exception', message, e.modbusCode);
  if (e.errno === 'ETIMEDOUT') return new ModbusReadError('timeout', `no answer within the timeout (${message})`);
  if (!client.isOpen) return new ModbusReadError('disconnected', message);
  return new ModbusReadError('protocol', message);
}

async function readTable(client: ModbusRTU, table: RegisterTable, address: number, count: number): Promise<number[]> {
  switch (table) {
    case 'holding': return (await client.readHoldingRegisters(address, count)).data;
    case 'input': return (await client.readInputRegisters(address, count)).data;
    // Bits arrive padded to a whole byte: keep the ones asked for.
    case 'coil': return (await client.readCoils(address, count)).data.slice(0, count).map(Number);
    case 'discrete': return (await client.readDiscreteInputs(address, count)).data.slice(0, count).map(Number);
  }
}

/**
 * Connects, or rejects within about `timeoutMs`: modbus-serial arms the socket's idle timeout
 * from setTimeout() before connecting, which bounds a connect to a host that never answers.
 */
export async function openModbusConnection(options: ConnectOptions): Promise<ModbusConnection> {
  const client = new ModbusRTU();
  client.setID(options.unitId);
  client.setTimeout(options.timeoutMs);
  // An 'error' event with no listener would crash the process; errors also reach the pending request.
  client.on('error', () => undefined);
  try {
    await client.connectTCP(options.host, { port: options.port });
  } catch (error) {
    client.destroy(() => undefined);
    throw new Error(`cannot connect to ${options.host}:${options.port}: ${(error as Error)?.message ?? String(error)}`);
  }

  // modbus-serial leaves a request in flight when the socket closes until its timeout fires;
  // racing every read against this promise fails it at once instead.
  let closed = false;
  let rejectClosed: (error: ModbusReadError) => void = () => undefined;
  const whenClosed = new Promise<never>((_, reject) => { rejectClosed = reject; });
  whenClosed.catch(() => undefined);
  const markClosed = (reason: string): boolean => {
    if (closed) return false;
    closed = true;
    rejectClosed(new ModbusReadError('disconnected', reason));
    return true;
  };
  client.on('close', () => { if (markClosed('connection closed by the device')) options.onClose?.(); });

  return {
    get isOpen() { return !closed && client.isOpen; },
    async read(table, address, count) {
      if (closed || !client.isOpen) throw new ModbusReadError('disconnected', 'not connected');
      try {
        return await Promise.race([readTable(client, table, address, count), whenClosed]);
      } catch (error) {
        throw error instanceof ModbusReadError ? error : classify(error, client);
      }
    },
    close() {
      markClosed('connection closed by the client');
      client.destroy(() => undefined);
    },
  };
}
