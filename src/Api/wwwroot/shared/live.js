// One SignalR connection that never silently misses an event: every push carries its stream and sequence number;
// a gap, a reconnect or coming back online asks the hub to CatchUp, and when the feed no longer holds what was
// missed the page reloads its state over REST (onSnapshot). Stateful reconnect covers short drops by itself.
import { signOut } from '/shared/session.js';

const signalR = window.signalR;

// The server closes a connection whose token expired or was revoked, and refuses it again with 401: that is the end of
// the session, not a network drop to wait out.
const refused = error => (error?.statusCode ?? Number(/Status code '(\d+)'/.exec(error?.message ?? '')?.[1])) === 401;

export class LiveConnection {
  /**
   * @param {object} o
   * @param {string} o.url hub address
   * @param {() => string} o.accessToken the page's token; the client sends it as access_token on every (re)connect
   * @param {(stream: string, after: number) => Promise<{events: object[], snapshotNeeded: boolean, lastSequence: number}>} o.catchUp
   * @param {(events: object[]) => void} o.onEvents events in order, each stream's duplicates removed
   * @param {(stream: string) => Promise<void>} o.onSnapshot reload what this stream describes
   * @param {(state: string) => void} o.onState 'connecting' | 'online' | 'offline'
   */
  constructor(o) {
    Object.assign(this, o);
    this.last = new Map();
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(o.url, { accessTokenFactory: o.accessToken })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: ctx => refused(ctx.retryReason) ? (signOut(), null) : Math.min(10_000, 500 * 2 ** ctx.previousRetryCount),
      })
      .withStatefulReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on('Live', events => this.receive(events));
    this.connection.onreconnecting(() => this.onState('connecting'));
    this.connection.onreconnected(() => this.resume());
    // The server may close a connection for good (a token that expired or was revoked, a server shutting down): unless the
    // page stopped it, start afresh, which either reconnects or learns with a 401 that the session is over.
    this.connection.onclose(() => {
      this.onState('offline');
      if (!this.stopped) setTimeout(() => navigator.onLine && this.start(), 1000);
    });
    // A phone that knows it lost the network says so at once, and picks up what it missed when the network returns.
    window.addEventListener('offline', () => this.stop());
    window.addEventListener('online', () => this.start());
  }

  invoke(method, ...args) {
    return this.connection.invoke(method, ...args);
  }

  /** Follow a stream from the sequence a snapshot was taken at. */
  track(stream, sequence) {
    this.last.set(stream, sequence);
  }

  async start() {
    this.stopped = false;
    if (this.connection.state !== signalR.HubConnectionState.Disconnected) return;
    this.onState('connecting');
    try {
      await this.connection.start();
    } catch (error) {
      this.onState('offline');
      if (refused(error)) signOut();
      else setTimeout(() => navigator.onLine && this.start(), 2000);
      return;
    }
    await this.resume();
  }

  async stop() {
    this.stopped = true;
    await this.connection.stop();
  }

  async resume() {
    this.onState('online');
    try {
      await this.rejoin?.();
      // One stream after another: each answer is small, and together they never crowd the connection.
      for (const stream of [...this.last.keys()]) await this.catchUpStream(stream);
    } catch {
      // The connection dropped meanwhile; its reconnect resumes again from where each stream got to.
    }
  }

  receive(events) {
    const fresh = [];
    const gaps = new Set();
    for (const event of events) {
      const last = this.last.get(event.stream);
      if (last === undefined) continue;
      if (event.sequence <= last) continue;
      if (event.sequence > last + 1) {
        gaps.add(event.stream);
        continue;
      }
      this.last.set(event.stream, event.sequence);
      fresh.push(event);
    }
    if (fresh.length) this.onEvents(fresh);
    for (const stream of gaps) this.catchUpStream(stream);
  }

  async catchUpStream(stream) {
    for (;;) {
      const after = this.last.get(stream) ?? 0;
      const result = await this.catchUp(stream, after);
      // The feed lives in the server's memory: a restarted server numbers from zero again, so a page ahead of it reloads.
      if (result.snapshotNeeded || result.lastSequence < after) {
        this.last.set(stream, result.lastSequence);
        await this.onSnapshot(stream);
        return;
      }
      this.receive(result.events);
      // A hub answers a page of events at a time, so no answer is too big for the connection: ask on until the last.
      if (result.more && (this.last.get(stream) ?? 0) > after) continue;
      if (result.lastSequence > (this.last.get(stream) ?? 0)) this.last.set(stream, result.lastSequence);
      return;
    }
  }
}
