export interface Config {
  goldenPath?: {
    /** The portal's permission policy (docs/backend.md, "Security model"). */
    permissions?: {
      /**
       * The group whose direct members administer the portal: they author golden paths (dry-run),
       * register and delete any location, and create services for any group. Defaults to
       * `group:default/platform`.
       */
      platformGroup?: string;
    };
  };
}
