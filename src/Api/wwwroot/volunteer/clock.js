// The server's clock as the page estimates it: deadlines are the server's (a phone's clock is often wrong, and a drill
// server may run its clock fast), so countdowns and reloads follow it.
import { get } from '/shared/api.js';

let base = { server: Date.now(), local: Date.now(), rate: 1 };

export async function syncClock() {
  const clock = await get('/health/clock');
  base = { server: Date.parse(clock.now), local: Date.now(), rate: clock.rate };
  return base;
}

export const serverNow = () => base.server + (Date.now() - base.local) * base.rate;

export const clockRate = () => base.rate;
