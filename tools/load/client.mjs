// One client process of the load driver: holds its share of volunteer connections to /hubs/volunteer with the official
// SignalR client, each from the 127.0.0.x source address it was given, and counts what they receive. Driven by
// drive.mjs over IPC: "open" → progress reports → "collect" (counts, histograms) → "stop".
import signalR from '@microsoft/signalr';
import WebSocket from 'ws';
import { histogram, pack, record } from './lib/stats.mjs';

const sockets = new Map();
/** A WebSocket that binds its local end to one loopback address: each source/destination pair has its own ~28k ports. */
function socketFrom(localAddress) {
  if (!sockets.has(localAddress))
    sockets.set(localAddress, class extends WebSocket {
      constructor(url, protocols, options) { super(url, protocols, { ...options, localAddress }); }
    });
  return sockets.get(localAddress);
}

const alerts = histogram();       // driver's send → phone, the whole path
const alertPush = histogram();    // server's publish ("at") → phone: the live feed, bridge and socket
const offers = [];                // forwarded to the driver, which knows when each callout was sent
const links = [];
let plan;
let opened = 0, failed = 0, closed = 0, reconnects = 0, gaps = 0, duplicates = 0, caughtUp = 0, foreign = 0;

process.on('message', async message => {
  if (message.type === 'open') { plan = message; await openAll(); }
  else if (message.type === 'collect') process.send({ type: 'collected', ...collect(message.reset) });
  else if (message.type === 'stop') { await Promise.allSettled(links.map(l => l.connection.stop())); process.exit(0); }
});
process.on('disconnect', () => process.exit(2)); // the driver is gone: so is the point of holding connections
setInterval(() => {
  if (!process.connected) return;
  if (offers.length) process.send({ type: 'offers', offers: offers.splice(0) });
  process.send({ type: 'progress', opened, failed, closed, reconnects });
}, 500).unref();

async function openAll() {
  let next = 0;
  const started = Date.now();
  const perMs = plan.rampPerSecond / 1000;
  async function lane() {
    for (let i = next++; i < plan.connections.length; i = next++) {
      // Paced so the server sees a ramp, not a thundering herd.
      const due = started + i / perMs;
      if (due > Date.now()) await new Promise(r => setTimeout(r, due - Date.now()));
      await open(plan.connections[i]);
    }
  }
  await Promise.all(Array.from({ length: plan.inFlight }, lane));
  process.send({ type: 'opened', opened, failed, ms: Date.now() - started });
}

async function open({ volunteer, source, token }) {
  const link = { volunteer, last: 0, alerts: 0, connection: null };
  link.connection = new signalR.HubConnectionBuilder()
    .withUrl(`${plan.url}/hubs/volunteer`, {
      transport: signalR.HttpTransportType.WebSockets,
      skipNegotiation: plan.skipNegotiation,
      WebSocket: socketFrom(source),
      accessTokenFactory: () => token,
    })
    .withStatefulReconnect()
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.None)
    .build();
  link.connection.on('Live', events => receive(link, events));
  link.connection.onreconnected(() => { reconnects++; catchUp(link); });
  link.connection.onclose(() => { closed++; });
  for (let attempt = 1; ; attempt++) {
    try {
      await link.connection.start();
      opened++;
      links.push(link);
      return;
    } catch (error) {
      if (attempt >= 3) { failed++; if (failed <= 3) console.error(`[client] ${volunteer} from ${source}: ${error.message}`); return; }
      await new Promise(r => setTimeout(r, 500 * attempt));
    }
  }
}

function receive(link, events) {
  const now = Date.now();
  for (const event of events) {
    if (event.sequence <= link.last) { duplicates++; continue; }
    if (link.last && event.sequence > link.last + 1) { gaps++; catchUp(link); }
    link.last = event.sequence;
    if (event.kind === 'alert') {
      const tag = /load:(\w+):(\d+):(\d+)/.exec(event.detail ?? '');
      if (!tag || tag[1] !== plan.runId) { foreign++; continue; }
      link.alerts++;
      record(alerts, now - Number(tag[3]));
      record(alertPush, now - Date.parse(event.at));
    } else if (event.kind === 'offer-sent') {
      offers.push({ incident: event.incident, received: now, at: Date.parse(event.at) });
    }
  }
}

/** What the volunteer app does after a reconnect or a gap: asks the hub for what it missed. */
async function catchUp(link) {
  try {
    const result = await link.connection.invoke('CatchUp', link.last);
    caughtUp++;
    receive(link, result.events.filter(e => e.sequence > link.last));
  } catch { /* the next reconnect tries again */ }
}

function collect(reset) {
  const counts = Object.fromEntries(links.map(l => [l.volunteer, l.alerts]));
  const result = {
    counts, alerts: pack(alerts), alertPush: pack(alertPush),
    opened, failed, closed, reconnects, gaps, duplicates, caughtUp, foreign,
    memory: process.memoryUsage().rss, cpuMicros: (({ user, system }) => user + system)(process.cpuUsage()), at: Date.now(),
  };
  if (reset) {
    for (const l of links) l.alerts = 0;
    Object.assign(alerts, histogram()); Object.assign(alertPush, histogram());
  }
  return result;
}
