// The driver's options, checked: bounded in count and time, and loopback only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SPEC = {
  connections: { type: 'string', default: '1000' },
  'team-size': { type: 'string', default: '50' },
  'api-dll': { type: 'string' },
  url: { type: 'string' },
  'server-pid': { type: 'string' },
  token: { type: 'string' }, // an administrator's, with --url
  hold: { type: 'string', default: '60' },
  interval: { type: 'string', default: '4000' },
  'callout-every': { type: 'string', default: '15000' },
  'callout-hold': { type: 'string', default: '8000' },
  'teams-per-callout': { type: 'string', default: '3' },
  processes: { type: 'string' },
  sources: { type: 'string' },
  'ramp-per-second': { type: 'string', default: '1000' },
  'open-in-flight': { type: 'string', default: '64' },
  'setup-in-flight': { type: 'string', default: '32' },
  'send-in-flight': { type: 'string', default: '32' },
  drain: { type: 'string', default: '5000' },
  'skip-negotiation': { type: 'boolean', default: false },
  'target-p99': { type: 'string', default: '250' },
  'server-arg': { type: 'string', multiple: true, default: [] },
  seed: { type: 'string', default: '7' },
  nice: { type: 'string', default: '0' },
  out: { type: 'string' },
};

export const MAX_CONNECTIONS = 30_000;
export const MAX_HOLD_SECONDS = 600;

export function parseOptions(v, here) {
  const int = (name, min, max) => {
    const n = Number(v[name]);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const connections = int('connections', 1, MAX_CONNECTIONS);
  const teamSize = int('team-size', 1, 500);
  if (connections % teamSize) throw new Error('--connections must be a multiple of --team-size');
  if (v.url && !v.token) throw new Error('--url needs --token (an administrator token of that server)');
  if (v.url) {
    const url = new URL(v.url);
    // Load goes to this machine only: 127.0.0.0/8 by address, never a name that could resolve elsewhere.
    if (url.protocol !== 'http:' || !/^127\.\d+\.\d+\.\d+$/.test(url.hostname)) throw new Error('--url must be http://127.x.x.x:port');
  }
  const apiDll = v['api-dll'] ?? join(here, '../../src/Api/bin/Release/net10.0/Mobilize.Api.dll');
  if (!v.url && !existsSync(apiDll)) throw new Error(`no API at ${apiDll}: build src/Api -c Release or pass --url`);
  return {
    connections, teamSize, teams: connections / teamSize,
    url: v.url?.replace(/\/$/, ''), serverPid: v['server-pid'] ? Number(v['server-pid']) : null, apiDll: v.url ? null : apiDll,
    token: v.token, hold: int('hold', 1, MAX_HOLD_SECONDS), intervalMs: int('interval', 100, 60_000),
    calloutEveryMs: int('callout-every', 0, 600_000), calloutHoldMs: int('callout-hold', 100, 600_000),
    teamsPerCallout: int('teams-per-callout', 1, 50),
    // A client process holds up to 5,000 connections; a source address up to 10,000 (of its ~28k ports).
    processes: v.processes ? int('processes', 1, 16) : Math.min(8, Math.max(1, Math.ceil(connections / 5000))),
    sources: v.sources ? int('sources', 1, 200) : Math.max(1, Math.ceil(connections / 10_000)),
    rampPerSecond: int('ramp-per-second', 1, 20_000), openInFlight: int('open-in-flight', 1, 1000),
    setupInFlight: int('setup-in-flight', 1, 256), sendInFlight: int('send-in-flight', 1, 2000), drainMs: int('drain', 0, 60_000),
    skipNegotiation: v['skip-negotiation'], targetP99: int('target-p99', 1, 60_000), serverArgs: v['server-arg'],
    // Negative: the server and the clients get ahead of other work on a shared machine (root only); say so with the figures.
    nice: int('nice', -10, 10),
    seed: int('seed', 1, 2 ** 30), out: v.out, runId: `ld${Date.now().toString(36).slice(-5)}`,
  };
}
