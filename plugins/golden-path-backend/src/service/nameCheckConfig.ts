import type { Config } from '@backstage/config';

/** The name check's own settings (config.d.ts: goldenPath.nameCheck.*). */
export interface NameCheckConfig {
  /** How long an answer about one name is reused. */
  cacheMs: number;
  /** Answers kept at most (the least recently used go first). */
  cacheEntries: number;
  /** Per signed-in user: requests at once, then per second. */
  rateLimit: { burst: number; perSecond: number };
}

export function readNameCheckConfig(config: Config): NameCheckConfig {
  const positive = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) throw new Error(`${key} must be a positive number, not ${value}`);
    return value;
  };
  return {
    cacheMs: positive('goldenPath.nameCheck.cacheSeconds', 30) * 1000,
    cacheEntries: 10_000,
    rateLimit: {
      burst: positive('goldenPath.nameCheck.rateLimit.burst', 20),
      perSecond: positive('goldenPath.nameCheck.rateLimit.perSecond', 2),
    },
  };
}
