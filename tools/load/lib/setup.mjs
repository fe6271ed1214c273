// Registers the volunteers and their teams through the public REST API, as an organisation's staff would, with a
// bounded number of requests in flight.
const CERT = { capability: 'water-rescue', issued: '2024-01-01', expires: '2030-12-31', issuer: '北京市红十字会' };
const INSURANCE = { policyNumber: 'PICC-2026-0001', validFrom: '2024-01-01', validTo: '2030-12-31' };

export class Api {
  constructor(url, token) { this.url = url; this.token = token; }

  async send(method, path, body, { allow = [] } = {}) {
    const response = await fetch(this.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok && !allow.includes(response.status))
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }
}

export async function bounded(count, inFlight, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, async () => {
    for (let i = next++; i < count; i = next++) await work(i);
  }));
}

/** `teams` teams of `members` volunteers each (the first leads), on duty, certified for water rescue, based at random
 *  places in Beijing so each callout finds its own nearest teams. Returns the teams with their members. */
export async function populate(api, { runId, teams, members, inFlight, random }) {
  const city = `${runId}-city`;
  await api.send('POST', '/api/organisations', { id: city, name: '北京市', level: 'City' });
  const roster = Array.from({ length: teams }, (_, t) => ({
    id: `${runId}-t${t}`,
    members: Array.from({ length: members }, (_, m) => `${runId}-v${t * members + m}`),
    base: { latitude: 39.7 + random() * 0.5, longitude: 116.1 + random() * 0.6 },
  }));
  const phones = 10_000_000 + Math.floor(random() * 80_000_000);
  await bounded(teams * members, inFlight, async n => {
    const id = roster[Math.floor(n / members)].members[n % members];
    await api.send('POST', '/api/volunteers', {
      id, realName: `志愿者${n}`, phone: `139${String(phones + n).padStart(8, '0')}`, certifications: [CERT], insurance: INSURANCE,
    });
    await api.send('PUT', `/api/volunteers/${id}/duty`, { status: 'Available' });
  });
  await bounded(teams, inFlight, async t => {
    const team = roster[t];
    await api.send('POST', '/api/teams', {
      id: team.id, name: `${t} 队`, organisationId: city, leaderId: team.members[0], baseLocation: team.base, minimumMembersToMuster: 1,
    });
    for (const member of team.members.slice(1)) await api.send('POST', `/api/teams/${team.id}/members`, { volunteerId: member });
  });
  return { city, roster };
}

/** Tokens as sign-in would hand them out: one per volunteer for the hub, a commander's for the city to send alerts and
 *  open callouts (so each alert passes the jurisdiction check). */
export async function mintTokens(api, { city, roster, inFlight }) {
  const volunteers = roster.flatMap(t => t.members);
  const tokens = new Map();
  await bounded(volunteers.length, inFlight, async i => {
    const { json } = await api.send('POST', '/api/tokens', { role: 'volunteer', volunteerId: volunteers[i], lifetimeMinutes: 600 });
    tokens.set(volunteers[i], json.token);
  });
  const { json } = await api.send('POST', '/api/tokens', { role: 'commander', organisationId: city, lifetimeMinutes: 600 });
  return { volunteers: tokens, commander: json.token };
}
