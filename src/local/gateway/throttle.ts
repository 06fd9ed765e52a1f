/**
 * Stage throttling (AWS-FACTS.md §6): a token bucket holding `burstLimit` tokens, refilled at
 * `rateLimit` per second; a request that finds it empty gets `429 {"message":"Too Many Requests"}`.
 */

export interface ThrottleConfig {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export function createThrottle(config: ThrottleConfig, now: () => number = () => performance.now()) {
  let tokens = config.burstLimit;
  let last = now();
  return {
    /** Takes a token; `false` when the bucket is empty. */
    take(): boolean {
      const current = now();
      tokens = Math.min(config.burstLimit, tokens + ((current - last) / 1000) * config.rateLimit);
      last = current;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
