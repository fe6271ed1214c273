// Calls hub methods with the official JavaScript client and prints what each call answered: the access tests use it
// to call every hub method as each role. Prints {"connected":true} or {"connected":false,"status":401,…}, then one JSON
// line per call: {"method":…,"ok":true,"result":…} or {"method":…,"ok":false,"error":…}.
// Usage: node tools/signalr-client/invoke.mjs --url BASE --hub command|volunteer [--token JWT] --calls '[["JoinOrganisation","bj"]]'
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../../src/Api/package.json', import.meta.url));
const signalR = require('@microsoft/signalr');

const { values } = parseArgs({
  options: { url: { type: 'string' }, hub: { type: 'string' }, token: { type: 'string' }, calls: { type: 'string', default: '[]' } },
});
if (!values.url || !values.hub) {
  console.error('usage: invoke.mjs --url BASE --hub command|volunteer [--token JWT] --calls JSON');
  process.exit(2);
}

const options = values.token ? { accessTokenFactory: () => values.token } : {};
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${values.url}/hubs/${values.hub}`, options)
  .configureLogging(signalR.LogLevel.None)
  .build();

try {
  await connection.start();
} catch (error) {
  // A refused negotiation surfaces as an error whose message carries the HTTP status.
  const status = error.statusCode ?? Number(/Status code '(\d+)'/.exec(error.message)?.[1] ?? NaN);
  console.log(JSON.stringify({ connected: false, status: Number.isNaN(status) ? null : status, error: error.message }));
  process.exit(0);
}
console.log(JSON.stringify({ connected: true }));
for (const [method, ...args] of JSON.parse(values.calls)) {
  try {
    console.log(JSON.stringify({ method, ok: true, result: await connection.invoke(method, ...args) }));
  } catch (error) {
    console.log(JSON.stringify({ method, ok: false, error: error.message }));
  }
}
await connection.stop();
