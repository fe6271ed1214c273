// Events come in bursts (offer, answer, muster, fill); one reload after the burst is enough. An event that arrives
// while a reload is in flight may describe a change that reload already missed, so it earns one more reload.
export function coalesced(load, delayMs = 50) {
  let pending = null;
  let stale = false;
  return () => {
    stale = true;
    pending ??= (async () => {
      try {
        while (stale) {
          stale = false;
          await new Promise(resolve => setTimeout(resolve, delayMs));
          await load();
        }
      } finally {
        pending = null;
      }
    })();
    return pending;
  };
}
