import { describe, expect, it } from 'vitest';
import { CLOSE_TOO_SLOW, WsClient, type ClientSocket } from '../src/adapters/ws-client';

/** A socket that writes nothing until told to: pending sends model a client that stopped reading. */
class FakeSocket implements ClientSocket {
  readonly sent: string[] = [];
  readonly pending: (() => void)[] = [];
  pings = 0;
  closedWith: number | null = null;
  terminated = false;
  send(data: string, cb: (err?: Error) => void): void {
    this.sent.push(data);
    this.pending.push(() => cb());
  }
  flush(): void {
    for (const done of this.pending.splice(0)) done();
  }
  ping(): void {
    this.pings += 1;
  }
  close(code: number): void {
    this.closedWith = code;
  }
  terminate(): void {
    this.terminated = true;
  }
}

const make = (max = 100) => {
  const socket = new FakeSocket();
  const gone: WsClient[] = [];
  const client = new WsClient(socket, max, (c) => gone.push(c));
  return { socket, client, gone };
};

describe('WsClient', () => {
  it('sends the snapshot first, then what queued while it was built', () => {
    const { socket, client } = make();
    client.send('u1');
    client.send('u2');
    expect(socket.sent).toEqual([]);
    client.open('snapshot');
    expect(socket.sent).toEqual(['snapshot', 'u1', 'u2']);
    socket.flush();
    expect(client.pendingBytes).toBe(0);
  });

  it('lets one large message through, then closes a client that falls behind with 1013', () => {
    const { socket, client, gone } = make(100);
    client.open('x'.repeat(500));
    expect(client.closed).toBe(false);
    client.send('y'.repeat(10));
    expect(socket.closedWith).toBe(CLOSE_TOO_SLOW);
    expect(gone).toEqual([client]);
    client.send('z');
    expect(socket.sent).toHaveLength(1);
  });

  it('keeps a client that reads: written bytes free the buffer', () => {
    const { socket, client } = make(100);
    client.open('s');
    for (let i = 0; i < 50; i++) {
      client.send('m'.repeat(40));
      socket.flush();
    }
    expect(client.closed).toBe(false);
    expect(socket.sent).toHaveLength(51);
  });

  it('bounds the queue behind an unfinished snapshot as well', () => {
    const { socket, client } = make(100);
    client.send('a'.repeat(60));
    client.send('b'.repeat(60));
    expect(socket.closedWith).toBe(CLOSE_TOO_SLOW);
    client.open('snapshot');
    expect(socket.sent).toEqual([]);
  });

  it('pings, and terminates a client that missed a pong', () => {
    const { socket, client, gone } = make();
    client.heartbeat();
    expect(socket.pings).toBe(1);
    client.alive = true; // pong arrived
    client.heartbeat();
    expect(socket.pings).toBe(2);
    client.heartbeat(); // no pong since
    expect(socket.terminated).toBe(true);
    expect(gone).toEqual([client]);
  });
});
