import { describe, expect, it } from 'vitest';
import { CLOSE_TOO_SLOW, WsClient, type ClientSocket, type Outgoing } from '../src/adapters/ws-client';

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

const make = (max = 100, window = max) => {
  const socket = new FakeSocket();
  const gone: WsClient[] = [];
  const client = new WsClient(socket, max, (c) => gone.push(c), window);
  return { socket, client, gone };
};

const entity = (key: string, text: string): Outgoing => ({ kind: 'entity', key, text });
const raw = (text: string): Outgoing => ({ kind: 'raw', topic: 'preprocessed-data', text });
const alert = (seq: number, text = `alert${seq}`): Outgoing => ({ kind: 'alert', seq, text });
const control = (text: string): Outgoing => ({ kind: 'control', text });

describe('WsClient', () => {
  it('sends the snapshot first, then what queued while it was built', () => {
    const { socket, client } = make();
    client.enqueue(entity('a', 'u1'));
    client.enqueue(control('u2'));
    expect(socket.sent).toEqual([]);
    client.open(['snapshot'], 0);
    expect(socket.sent).toEqual(['snapshot', 'u1', 'u2']);
    socket.flush();
    expect(client.pendingBytes).toBe(0);
  });

  it('skips queued and live alerts the snapshot or the replay already covered, and duplicates', () => {
    const { socket, client } = make(1000);
    client.enqueue(alert(3));
    client.enqueue(alert(5));
    client.enqueue(alert(6));
    client.open(['snapshot', 'replay4', 'replay5'], 5);
    expect(socket.sent).toEqual(['snapshot', 'replay4', 'replay5', 'alert6']);
    client.enqueue(alert(6));
    client.enqueue(alert(7));
    expect(socket.sent.slice(4)).toEqual(['alert7']);
  });

  it('lets one large message through, then closes a client that falls behind with 1013', () => {
    const { socket, client, gone } = make(100);
    client.open(['x'.repeat(500)], 0);
    expect(client.closed).toBe(false);
    client.enqueue(alert(1, 'y'.repeat(10)));
    expect(socket.closedWith).toBe(CLOSE_TOO_SLOW);
    expect(gone).toEqual([client]);
    client.enqueue(control('z'));
    expect(socket.sent).toHaveLength(1);
  });

  it('keeps a client that reads: written bytes free the buffer', () => {
    const { socket, client } = make(100);
    client.open(['s'], 0);
    for (let i = 0; i < 50; i++) {
      client.enqueue(alert(i + 1, 'm'.repeat(40)));
      socket.flush();
    }
    expect(client.closed).toBe(false);
    expect(socket.sent).toHaveLength(51);
  });

  it('bounds the queue behind an unfinished snapshot as well', () => {
    const { socket, client } = make(100);
    client.enqueue(alert(1, 'a'.repeat(60)));
    client.enqueue(alert(2, 'b'.repeat(60)));
    expect(socket.closedWith).toBe(CLOSE_TOO_SLOW);
    client.open(['snapshot'], 0);
    expect(socket.sent).toEqual([]);
  });

  it('holds messages beyond the write window in its own queue and sends them as the socket drains', () => {
    const { socket, client } = make(1000, 20);
    client.open(['s'.repeat(20)], 0);
    client.enqueue(control('c1'));
    client.enqueue(control('c2'));
    expect(socket.sent).toHaveLength(1);
    expect(client.pendingBytes).toBe(24);
    socket.flush();
    expect(socket.sent).toEqual(['s'.repeat(20), 'c1', 'c2']);
  });

  it('coalesces queued entity updates to the latest per key, in the place of the first', () => {
    const { socket, client } = make(1000, 1);
    client.open(['s'], 0);
    client.enqueue(entity('asset:a', 'a1'));
    client.enqueue(entity('asset:b', 'b1'));
    client.enqueue(entity('asset:a', 'a2'));
    client.enqueue(alert(1));
    client.enqueue(entity('asset:a', 'a3'));
    for (let i = 0; i < 10; i++) socket.flush();
    expect(socket.sent).toEqual(['s', 'a3', 'b1', 'alert1']);
    // Once sent, a new update for the key is queued again.
    client.enqueue(entity('asset:a', 'a4'));
    socket.flush();
    expect(socket.sent.at(-1)).toBe('a4');
  });

  it('drops raw events oldest first when the bound is hit, and says how many per topic', () => {
    const { socket, client } = make(100, 1);
    client.open(['s'], 0);
    for (let i = 0; i < 20; i++) client.enqueue(raw(`r${String(i).padStart(2, '0')}-${'x'.repeat(16)}`));
    client.enqueue(alert(1, 'alert-1'));
    expect(client.closed).toBe(false);
    expect(client.pendingBytes).toBeLessThanOrEqual(100);
    for (let i = 0; i < 30; i++) socket.flush();
    // The snapshot was still in flight, so the oldest raw events went first; the notice precedes what is left.
    const [notice, ...rest] = socket.sent.slice(1);
    expect(JSON.parse(notice ?? '')).toEqual({ type: 'dropped', topic: 'preprocessed-data', count: client.droppedEvents });
    expect(client.droppedEvents).toBeGreaterThan(10);
    expect(rest).toHaveLength(20 - client.droppedEvents + 1);
    // The newest raw events survive, in order, and the alert is never dropped.
    expect(rest.slice(0, -1)).toEqual([...rest.slice(0, -1)].sort());
    expect(rest.at(-2)).toMatch(/^r19/);
    expect(rest.at(-1)).toBe('alert-1');
  });

  it('closes with 1013 when alerts no longer fit even after dropping every raw event', () => {
    const { socket, client } = make(100, 1);
    client.open(['s'], 0);
    client.enqueue(raw('r'.repeat(30)));
    client.enqueue(alert(1, 'a'.repeat(40)));
    expect(client.closed).toBe(false);
    client.enqueue(alert(2, 'b'.repeat(40)));
    expect(client.closed).toBe(false);
    expect(client.droppedEvents).toBe(1);
    client.enqueue(alert(3, 'c'.repeat(40)));
    expect(socket.closedWith).toBe(CLOSE_TOO_SLOW);
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
