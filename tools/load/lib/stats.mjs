// Latency histograms in 1 ms buckets up to a minute: cheap to record at 5,000 messages/s in every client process and
// exact to merge across processes, which lists of samples are not.
export const BUCKETS = 60_001;

export function histogram() {
  return { counts: new Array(BUCKETS).fill(0), n: 0, max: 0, sum: 0 };
}

export function record(h, ms) {
  const v = Math.max(0, ms);
  h.counts[Math.min(BUCKETS - 1, Math.floor(v))]++;
  h.n++;
  h.sum += v;
  if (v > h.max) h.max = v;
}

export function merge(into, from) {
  for (let i = 0; i < BUCKETS; i++) into.counts[i] += from.counts[i];
  into.n += from.n;
  into.sum += from.sum;
  into.max = Math.max(into.max, from.max);
  return into;
}

/** Sparse form for IPC: only the buckets that were hit. */
export function pack(h) {
  const hits = [];
  for (let i = 0; i < BUCKETS; i++) if (h.counts[i]) hits.push([i, h.counts[i]]);
  return { hits, n: h.n, max: h.max, sum: h.sum };
}

export function unpack(p) {
  const h = histogram();
  for (const [i, c] of p.hits) h.counts[i] = c;
  h.n = p.n; h.max = p.max; h.sum = p.sum;
  return h;
}

/** The upper edge of the bucket holding quantile q, so a reported p99 is never below the true one by more than 1 ms. */
export function quantile(h, q) {
  if (h.n === 0) return null;
  const rank = Math.ceil(q * h.n);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += h.counts[i];
    if (seen >= rank) return Math.min(i + 1, Math.ceil(h.max));
  }
  return h.max;
}

export function summary(h) {
  return {
    count: h.n,
    p50: quantile(h, 0.5), p90: quantile(h, 0.9), p99: quantile(h, 0.99), p999: quantile(h, 0.999),
    max: h.n ? Math.round(h.max) : null, mean: h.n ? Math.round(h.sum / h.n * 10) / 10 : null,
  };
}
