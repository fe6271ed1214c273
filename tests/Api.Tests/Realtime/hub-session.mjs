// Holds one hub connection with the official JavaScript client, as a page does, and reports what happens to it as
// JSON lines: {"event":"connected"}, "reconnecting", "closed", then one fresh start with the same token:
// {"event":"refused","status":401} or {"event":"connected-again"}. Reads commands from stdin: "call" invokes
// LastSequence (volunteer hub) or JoinOrganisation(--org) and prints {"event":"answered"} or {"event":"call-failed"}.
// Usage: node hub-session.mjs --url BASE --hub command|volunteer --token JWT [--org ID]
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../../../src/Api/package.json', import.meta.url));
const signalR = require('@microsoft/signalr');
const { values } = parseArgs({ options: { url: { type: 'string' }, hub: { type: 'string' }, token: { type: 'string' }, org: { type: 'string' } } });
const say = (event, more = {}) => console.log(JSON.stringify({ event, ...more }));
const build = () => new signalR.HubConnectionBuilder()
  .withUrl(`${values.url}/hubs/${values.hub}`, { accessTokenFactory: () => values.token })
  // Two quick attempts, as a page would make, so the test sees the end without waiting out the default back-off.
  .withAutomaticReconnect([0, 100])
  .configureLogging(signalR.LogLevel.None)
  .build();

const connection = build();
connection.onreconnecting(() => say('reconnecting'));
connection.onreconnected(() => say('reconnected'));
connection.onclose(async () => {
  say('closed');
  try {
    await build().start();
    say('connected-again');
  } catch (error) {
    const status = error.statusCode ?? Number(/Status code '(\d+)'/.exec(error.message)?.[1] ?? NaN);
    say('refused', { status: Number.isNaN(status) ? null : status });
  }
  process.exit(0);
});
await connection.start();
say('connected');

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'call') continue;
  try {
    await (values.hub === 'volunteer' ? connection.invoke('LastSequence') : connection.invoke('JoinOrganisation', values.org));
    say('answered');
  } catch (error) {
    say('call-failed', { error: error.message });
  }
}
