// Load driver for issue 4: N live volunteer connections on /hubs/volunteer with the official SignalR client, a standby
// alert to each every few seconds and a callout now and then, measuring delivery latency, losses and the server's cost.
// Usage: node tools/load/drive.mjs --connections 20000 [--api-dll PATH | --url http://127.0.0.1:PORT --token ADMIN_JWT] [--hold 60] ...
// Prints a summary and writes JSON (--out). Exits 1 if a message was lost or a connection could not be held.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Api, mintTokens, populate } from './lib/setup.mjs';
import { runCallouts, sendAlerts } from './lib/schedule.mjs';
import { fileLimit, loadAverage, openFiles, processCost, startServer } from './lib/server.mjs';
import { histogram, merge, record, summary, unpack } from './lib/stats.mjs';
import { SPEC, parseOptions } from './lib/options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const o = parseOptions(parseArgs({ options: SPEC, strict: true }).values, here);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const log = line => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
let seed = o.seed;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

if (o.nice) setPriority(o.nice);
const report = { options: o, startedAt: new Date().toISOString(), loadAverage: { start: loadAverage() } };
let server, clients = [];
try {
  server = o.url ? { url: o.url, pid: o.serverPid, token: o.token, stop: async () => {} }
    : await startServer({ dll: o.apiDll, files: o.connections * 2 + 4096, nice: o.nice, extra: o.serverArgs });
  if (server.pid) log(`api pid ${server.pid} on ${server.url}, file limit ${fileLimit(server.pid)}`);
  const api = new Api(server.url, o.token ?? server.token);

  let t0 = Date.now();
  const { city, roster } = await populate(api, { runId: o.runId, teams: o.teams, members: o.teamSize, inFlight: o.setupInFlight, random });
  report.setup = { teams: roster.length, volunteers: o.teams * o.teamSize, seconds: (Date.now() - t0) / 1000 };
  log(`set up ${report.setup.volunteers} volunteers in ${roster.length} teams over REST in ${report.setup.seconds} s`);
  t0 = Date.now();
  const tokens = await mintTokens(api, { city, roster, inFlight: o.setupInFlight });
  const commander = new Api(server.url, tokens.commander);
  log(`minted ${tokens.volunteers.size} volunteer tokens and a commander's in ${(Date.now() - t0) / 1000} s`);

  await sleep(3000);
  const before = server.pid ? processCost(server.pid) : null;
  if (server.pid) {
    // One descriptor per WebSocket: the server's file limit, less what it holds already, bounds the connections.
    report.files = { limit: fileLimit(server.pid), openBefore: openFiles(server.pid) };
    report.files.room = report.files.limit - report.files.openBefore;
    log(`server file limit ${report.files.limit}, ${report.files.openBefore} open: room for ${report.files.room} connections`);
  }

  // Connections dealt round-robin to client processes and source addresses.
  const volunteers = roster.flatMap(t => t.members);
  const shares = Array.from({ length: o.processes }, () => []);
  volunteers.forEach((volunteer, i) =>
    shares[i % o.processes].push({ volunteer, source: `127.0.0.${2 + (i % o.sources)}`, token: tokens.volunteers.get(volunteer) }));
  t0 = Date.now();
  clients = shares.map(share => startClient(share));
  await Promise.all(clients.map(c => c.opened));
  const opened = clients.reduce((s, c) => s + c.state.opened, 0);
  const failed = clients.reduce((s, c) => s + c.state.failed, 0);
  report.ramp = { opened, failed, seconds: (Date.now() - t0) / 1000 };
  log(`opened ${opened} connections (${failed} failed) in ${report.ramp.seconds} s over ${o.processes} processes and ${o.sources} source addresses`);

  await sleep(5000);
  const connected = server.pid ? processCost(server.pid) : null;
  if (server.pid) report.files.openConnected = openFiles(server.pid);
  const baseline = await collect(true); // counts from here on belong to the measured run

  log(`measuring for ${o.hold} s: an alert to each connection every ${o.intervalMs} ms, a callout every ${o.calloutEveryMs} ms`);
  const samples = [];
  const sampler = setInterval(() => {
    try { if (server.pid) samples.push({ at: Date.now(), ...processCost(server.pid), load: loadAverage()[0] }); }
    catch { report.serverGone = true; } // the summary says so; the losses show what it cost
  }, 1000);
  const until = Date.now() + o.hold * 1000;
  const [alerts, callouts] = await Promise.all([
    sendAlerts(commander, { roster, runId: o.runId, intervalMs: o.intervalMs, until, inFlight: o.sendInFlight }),
    o.calloutEveryMs > 0
      ? runCallouts(commander, { runId: o.runId, city, until, everyMs: o.calloutEveryMs, holdMs: o.calloutHoldMs, teamsPerCallout: o.teamsPerCallout, random })
      : [],
  ]);
  await sleep(o.drainMs);
  clearInterval(sampler);
  const results = await collect(false);
  report.loadAverage.end = loadAverage();
  Object.assign(report, measure({ roster, alerts, callouts, results, samples, before, connected, opened }));
  // The phones' side: if the clients are starved, latency is theirs, not the server's.
  report.clientCpuCores = Math.round(results.reduce((s, r, i) => s + (r.cpuMicros - baseline[i].cpuMicros) / 1000 / (r.at - baseline[i].at), 0) * 100) / 100;
  print(report);
  if (o.out) writeFileSync(o.out, JSON.stringify(report, null, 2));
  process.exitCode = report.verdict.ok ? 0 : 1;
} finally {
  await Promise.allSettled(clients.map(c => c.stop()));
  await server?.stop();
}

function startClient(share) {
  // The shell raises the file limit, then becomes the Node client: the IPC channel survives the exec.
  const child = fork(join(here, 'client.mjs'), [], {
    execPath: 'bash', execArgv: ['-c', `ulimit -n ${Math.min(share.length + 4096, fileLimit('self', 'hard'))} && exec nice -n ${o.nice} "${process.execPath}" "$@"`, 'node'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const state = { opened: 0, failed: 0, closed: 0, reconnects: 0 };
  let resolveOpened, pendingCollect;
  const client = {
    state, child, offers: [],
    opened: new Promise((resolve, reject) => { resolveOpened = resolve; child.once('exit', code => reject(new Error(`client exited ${code}`))); }),
    collect: reset => new Promise(resolve => { pendingCollect = resolve; child.send({ type: 'collect', reset }); }),
    stop: () => new Promise(resolve => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.send({ type: 'stop' });
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    }),
  };
  child.on('message', m => {
    if (m.type === 'progress') Object.assign(state, m);
    else if (m.type === 'opened') { Object.assign(state, m); resolveOpened(); }
    else if (m.type === 'offers') client.offers.push(...m.offers);
    else if (m.type === 'collected') pendingCollect(m);
  });
  child.send({ type: 'open', url: server.url, connections: share, runId: o.runId, rampPerSecond: o.rampPerSecond / o.processes,
    inFlight: o.openInFlight, skipNegotiation: o.skipNegotiation });
  return client;
}

async function collect(reset) {
  const parts = await Promise.all(clients.map(c => c.collect(reset)));
  if (reset) for (const c of clients) c.offers.length = 0;
  return parts;
}

function measure({ roster, alerts, callouts, results, samples, before, connected, opened }) {
  const received = Object.assign({}, ...results.map(r => r.counts));
  let expected = 0, delivered = 0, lost = 0, extra = 0;
  for (const team of roster) {
    const sent = alerts.accepted.get(team.id);
    for (const v of team.members) {
      if (!(v in received)) continue; // never connected: counted as a failed connection instead
      expected += sent; delivered += Math.min(sent, received[v]);
      lost += Math.max(0, sent - received[v]); extra += Math.max(0, received[v] - sent);
    }
  }
  const alertLatency = results.reduce((h, r) => merge(h, unpack(r.alerts)), histogram());
  const pushLatency = results.reduce((h, r) => merge(h, unpack(r.alertPush)), histogram());
  const offerLatency = histogram();
  const byCallout = new Map(callouts.map(c => [c.id, c]));
  let offersReceived = 0;
  for (const offer of clients.flatMap(c => c.offers)) {
    const callout = byCallout.get(offer.incident);
    if (!callout) continue;
    offersReceived++;
    record(offerLatency, offer.received - callout.sentAt);
  }
  // Only phones that are connected can be expected to hear an offer.
  const members = new Map(roster.map(t => [t.id, t.members.filter(v => v in received).length]));
  const offersExpected = callouts.reduce((s, c) => s + c.offeredTeams.reduce((m, t) => m + (members.get(t) ?? 0), 0), 0);
  const sum = key => results.reduce((s, r) => s + r[key], 0);
  const first = samples[0], last = samples.at(-1);
  const cpu = first && last && last.at > first.at ? (last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000) : null;
  const server = before && connected ? {
    rssBefore: before.rss, rssConnected: connected.rss, rssPeak: Math.max(...samples.map(s => s.rss)),
    bytesPerConnection: Math.round((connected.rss - before.rss) / Math.max(1, opened)),
    // Anonymous memory: the GC heap and native allocations, without mapped assemblies (the server has no metrics route).
    anonBefore: before.anon, anonConnected: connected.anon,
    anonBytesPerConnection: Math.round((connected.anon - before.anon) / Math.max(1, opened)),
    cpuCores: cpu && Math.round(cpu * 100) / 100, threads: last?.threads,
  } : null;
  const alertsOut = {
    sentToTeams: alerts.sent, refused: alerts.refused, refusals: alerts.errors, senderBehind: alerts.behind,
    expected, delivered, lost, extra, perSecond: Math.round(delivered / o.hold),
    latency: summary(alertLatency), pushLatency: summary(pushLatency), httpLatency: summary(alerts.http),
  };
  const offersOut = { callouts: callouts.length, expected: offersExpected, delivered: offersReceived, latency: summary(offerLatency) };
  const connections = { opened, failed: sum('failed'), closed: sum('closed'), reconnects: sum('reconnects'), gaps: sum('gaps'),
    duplicates: sum('duplicates'), caughtUp: sum('caughtUp'), clientRss: results.map(r => r.memory) };
  const ok = connections.failed === 0 && opened === o.connections && lost === 0 && alerts.refused === 0 && offersReceived >= offersExpected;
  // Latency is judged on the connections held, apart from whether all were held: a run can miss one and meet the other.
  const latencyMet = alertsOut.latency.p99 !== null && alertsOut.latency.p99 <= o.targetP99;
  const met = ok && latencyMet;
  return { connections, alerts: alertsOut, offers: offersOut, server, verdict: { ok, met, latencyMet, targetP99: o.targetP99 } };
}

function print(r) {
  const mb = b => (b / 1048576).toFixed(0) + ' MiB';
  const l = h => `p50 ${h.p50} p90 ${h.p90} p99 ${h.p99} max ${h.max} ms (n=${h.count})`;
  console.log(`connections: ${r.connections.opened} held, ${r.connections.failed} failed, ${r.connections.closed} closed, ` +
    `${r.connections.reconnects} reconnects, ${r.connections.gaps} gaps, ${r.connections.duplicates} duplicates`);
  console.log(`alerts: ${r.alerts.delivered}/${r.alerts.expected} delivered (${r.alerts.lost} lost, ${r.alerts.extra} extra), ` +
    `${r.alerts.perSecond}/s, ${r.alerts.sentToTeams} team alerts (${r.alerts.refused} refused, sender behind ${r.alerts.senderBehind}x)`);
  console.log(`alert delivery (send → phone): ${l(r.alerts.latency)}`);
  console.log(`alert push (server publish → phone): ${l(r.alerts.pushLatency)}`);
  console.log(`alert POST: ${l(r.alerts.httpLatency)}`);
  console.log(`offers: ${r.offers.delivered}/${r.offers.expected} delivered from ${r.offers.callouts} callouts; callout POST → phone ${l(r.offers.latency)}`);
  if (r.server) console.log(`server: RSS ${mb(r.server.rssBefore)} before, ${mb(r.server.rssConnected)} connected ` +
    `(${(r.server.bytesPerConnection / 1024).toFixed(1)} KiB per connection; anonymous ${(r.server.anonBytesPerConnection / 1024).toFixed(1)} KiB), ` +
    `peak ${mb(r.server.rssPeak)}; CPU ${r.server.cpuCores} cores under load`);
  console.log(`client processes: ${r.clientCpuCores} cores together`);
  console.log(`load average: start ${r.loadAverage.start.join(' ')}, end ${r.loadAverage.end.join(' ')}`);
  console.log(`verdict: ${r.verdict.ok ? 'every connection held, nothing lost' : 'FAILED (connections refused or messages lost)'}; ` +
    `p99 ${r.alerts.latency.p99} ms on the ${r.connections.opened} held vs target ${r.verdict.targetP99} ms: ${r.verdict.latencyMet ? 'met' : 'not met'}; ` +
    `target as a whole: ${r.verdict.met ? 'met' : 'not met'}`);
}
