// A volunteer's phone without the browser: connects to /hubs/volunteer with the official JavaScript client, prints
// "connected" and then one JSON line per offer received, and exits after --offers offers (or --seconds).
// Seed of the load driver: N of these loops in one process, spread over 127.0.0.x, is the 20,000-connection test.
// The volunteer is whoever the token names (POST /api/tokens with role "volunteer", see docs/access.md); the client
// sends it as access_token on the WebSocket, the way the volunteer app does.
// Usage: node tools/signalr-client/listen.mjs --url http://127.0.0.1:5000 --token JWT [--offers 1] [--seconds 60]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

// The pages' npm packages, restored by the Api build: one lock file for the browser and for this tool.
const require = createRequire(new URL('../../src/Api/package.json', import.meta.url));
const signalR = require('@microsoft/signalr');

const { values } = parseArgs({
  options: {
    url: { type: 'string' }, token: { type: 'string' },
    offers: { type: 'string', default: '1' }, seconds: { type: 'string', default: '60' },
  },
});
if (!values.url || !values.token) {
  console.error('usage: listen.mjs --url BASE --token JWT [--offers N] [--seconds S]');
  process.exit(2);
}

const wanted = Number(values.offers);
let received = 0;
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${values.url}/hubs/volunteer`, { accessTokenFactory: () => values.token })
  .withStatefulReconnect()
  .configureLogging(signalR.LogLevel.Warning)
  .build();

connection.on('Live', async events => {
  for (const event of events.filter(e => e.kind === 'offer-sent')) {
    received++;
    const latencyMs = Date.now() - Date.parse(event.at);
    console.log(JSON.stringify({ offer: event.offer, incident: event.incident, team: event.team, sequence: event.sequence, latencyMs }));
  }
  if (received >= wanted) await finish(0);
});

async function finish(code) {
  await connection.stop();
  process.exit(code);
}

setTimeout(() => { console.error(`timed out with ${received}/${wanted} offers`); finish(1); }, Number(values.seconds) * 1000);
await connection.start();
console.log('connected');
