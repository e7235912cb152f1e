export interface Config {
  goldenPath?: {
    /** The portal's name check, GET /api/golden-path/v1/names/:name (docs/backend.md). */
    nameCheck?: {
      /** How long an answer about one name is reused, in seconds. Defaults to 30. */
      cacheSeconds?: number;
      /** Per signed-in user: `burst` checks at once, then `perSecond`. Defaults to 20 and 2. */
      rateLimit?: {
        burst?: number;
        perSecond?: number;
      };
    };
  };
}
