// The push load: a standby alert to every team once per interval, teams spread evenly over it, and now and then a real
// callout whose offers reach the nearest teams' phones, stood down again so the teams are free for the next one.
import { histogram, record } from './stats.mjs';

/** Sends alerts until `until`; returns per-team counts of alerts the API accepted and the HTTP latencies. */
export async function sendAlerts(api, { roster, runId, intervalMs, until, inFlight }) {
  const accepted = new Map(roster.map(t => [t.id, 0]));
  const http = histogram();
  const result = { accepted, http, sent: 0, refused: 0, behind: 0, errors: [] };
  let pending = 0, n = 0;
  const start = Date.now();
  const pendingSends = new Set();
  for (let k = 0; ; k++) {
    for (let t = 0; t < roster.length; t++) {
      const due = start + k * intervalMs + Math.floor(t * intervalMs / roster.length);
      if (due >= until) return drain();
      const wait = due - Date.now();
      if (wait > 1) await new Promise(r => setTimeout(r, wait));
      // A sender that cannot keep up would make delivery look better than it is; count it rather than hide it.
      if (Date.now() - due > 250) result.behind++;
      while (pending >= inFlight) await Promise.race(pendingSends);
      const team = roster[t];
      const sentAt = Date.now();
      const message = `台风预警，请做好待命准备 Stand by for the typhoon load:${runId}:${++n}:${sentAt}`;
      pending++;
      const p = api.send('POST', `/api/teams/${team.id}/alerts`, { message, level: 'Orange' }, { allow: [400, 403, 404, 429] })
        .then(({ status }) => {
          record(http, Date.now() - sentAt);
          if (status === 200) accepted.set(team.id, accepted.get(team.id) + 1);
          else { result.refused++; if (result.errors.length < 5) result.errors.push(status); }
        })
        .catch(error => { result.refused++; if (result.errors.length < 5) result.errors.push(error.message); })
        .finally(() => { pending--; pendingSends.delete(p); });
      pendingSends.add(p);
      result.sent++;
    }
  }
  async function drain() {
    await Promise.all(pendingSends);
    return result;
  }
}

/** One callout every `everyMs` at a random place in the teams' area, stood down after `holdMs`. */
export async function runCallouts(api, { runId, city, until, everyMs, holdMs, teamsPerCallout, random }) {
  const callouts = [];
  for (let c = 1; Date.now() + holdMs < until; c++) {
    const id = `${runId}-c${c}`;
    const sentAt = Date.now();
    const created = await api.send('POST', '/api/incidents', {
      id, incidentType: 'flood', organisationId: city, severity: 2,
      place: { latitude: 39.75 + random() * 0.4, longitude: 116.15 + random() * 0.5 },
      requirements: [{ key: 'water', capability: 'water-rescue', teams: teamsPerCallout, minimumMembers: 1 }],
      radiusMeters: 60_000, offerTimeout: '00:05:00',
    });
    const callout = { id, sentAt, createdMs: Date.now() - sentAt, offeredTeams: created.json.offers.map(o => o.team) };
    callouts.push(callout);
    await new Promise(r => setTimeout(r, holdMs));
    // Offers may go out in later waves too; the stand-down answer lists every offer the incident made.
    const stood = await api.send('POST', `/api/incidents/${id}/stand-down`);
    callout.offeredTeams = stood.json.offers.map(o => o.team);
    const rest = everyMs - (Date.now() - sentAt);
    if (rest > 0) await new Promise(r => setTimeout(r, Math.min(rest, Math.max(0, until - Date.now()))));
  }
  return callouts;
}
