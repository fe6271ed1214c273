// Dashboard benchmark: seeds a jurisdiction of 2,000 teams and 200 open incidents through the REST API, then opens the
// dashboard in Debian's Chromium several times and reads the Performance API entries the page sets itself:
// 'mobilize:first-render' (all listed incidents drawn, ms since navigation) and 'mobilize:live-update' (a live event's
// arrival to its card drawn from data asked after it). Medians and spread are printed as JSON for docs/benchmarks.md.
// Usage: node bench.mjs <base-url> <administrator-token> <playwright-core-dir> [teams=2000] [incidents=200] [runs=5]
import { createRequire } from 'node:module';

const [base, token, playwrightDir, teamsArg, incidentsArg, runsArg] = process.argv.slice(2);
const TEAMS = Number(teamsArg ?? 2000), INCIDENTS = Number(incidentsArg ?? 200), RUNS = Number(runsArg ?? 5);
const { chromium } = createRequire(import.meta.url)(playwrightDir);
const prefix = `bench${Date.now().toString(36)}`;
const city = `${prefix}-city`;
const today = new Date();
const day = offset => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

async function send(method, url, body) {
  const response = await fetch(new URL(url, base), {
    method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function parallel(count, width, job) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < count) await job(next++); }));
}

const districts = Array.from({ length: 16 }, (_, i) => `${prefix}-d${i}`);
const seeding = performance.now();
await send('POST', '/api/organisations', { id: city, name: '基准市', level: 'City' });
for (const [i, id] of districts.entries()) await send('POST', '/api/organisations', { id, name: `第${i + 1}区`, level: 'District', parentId: city });
await send('PUT', `/api/organisations/${city}/plans/flood`, {
  id: `${prefix}-plan`, requirements: [{ key: 'water', capability: 'water-rescue', teams: 2, minimumMembers: 1 }],
  radiusMeters: 8000, offerTimeout: '01:00:00', overOfferFactor: 1, ladder: [],
});
// Teams on a grid over central Beijing, each led by a certified, insured volunteer on duty.
const place = i => ({ latitude: 39.75 + (i % 50) * 0.007, longitude: 116.20 + Math.floor(i / 50) * 0.009 });
await parallel(TEAMS, 16, async i => {
  const volunteer = `${prefix}-v${i}`, team = `${prefix}-t${i}`;
  await send('POST', '/api/volunteers', {
    id: volunteer, realName: `队员${i}`, phone: `13${String(100000000 + i).slice(-9)}`,
    certifications: [{ capability: 'water-rescue', issued: day(-300), expires: day(300), issuer: '北京市红十字会' }],
    insurance: { policyNumber: `PICC-${volunteer}`, validFrom: day(-100), validTo: day(200) },
  });
  await send('PUT', `/api/volunteers/${volunteer}/duty`, { status: 'Available' });
  await send('POST', '/api/teams', {
    id: team, name: `救援队${i}`, organisationId: districts[i % districts.length], leaderId: volunteer,
    baseLocation: place(i), minimumMembersToMuster: 1,
  });
  await send('PUT', `/api/teams/${team}/duty`, { status: 'Available' });
});
const incidents = Array.from({ length: INCIDENTS }, (_, i) => `${prefix}-i${i}`);
await parallel(INCIDENTS, 8, async i => send('POST', '/api/incidents', {
  id: incidents[i], incidentType: 'flood', severity: 2, organisationId: districts[i % districts.length],
  place: place((i * 37) % TEAMS), exercise: false, description: `基准事件 ${i}`,
}));
const seeded = (performance.now() - seeding) / 1000;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const firstRenders = [], liveUpdates = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(new URL(`/dashboard/?org=${city}#token=${token}`, base).href);
  await page.waitForFunction(() => performance.getEntriesByName('mobilize:first-render').length > 0, null, { timeout: 120_000 });
  firstRenders.push(await page.evaluate(() => performance.getEntriesByName('mobilize:first-render')[0].startTime));
  // Live updates: stand one open incident down at a time and read how long the page took to show it.
  for (let k = 0; k < 4; k++) {
    const id = incidents[run * 4 + k];
    const before = await page.evaluate(() => performance.getEntriesByName('mobilize:live-update').length);
    await send('POST', `/api/incidents/${id}/stand-down`);
    await page.waitForFunction(n => performance.getEntriesByName('mobilize:live-update').length > n, before, { timeout: 30_000 });
    await page.waitForTimeout(300);
  }
  liveUpdates.push(...await page.evaluate(() => performance.getEntriesByName('mobilize:live-update').map(e => e.duration)));
  await context.close();
}
await browser.close();

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = x => Math.round(x);
console.log(JSON.stringify({
  teams: TEAMS, incidents: INCIDENTS, runs: RUNS, seededSeconds: round(seeded),
  firstRenderMs: { median: round(median(firstRenders)), min: round(Math.min(...firstRenders)), max: round(Math.max(...firstRenders)), all: firstRenders.map(round) },
  liveUpdateMs: { median: round(median(liveUpdates)), max: round(Math.max(...liveUpdates)), count: liveUpdates.length },
}, null, 2));
