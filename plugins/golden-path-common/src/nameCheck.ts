/**
 * The name check the portal's form calls as the user types:
 * GET /api/golden-path/v1/names/:name?template=<id>&org=<githubOrg>
 */
export interface NameCheckRequest {
  name: string;
  /** The golden path whose name field's rule applies. */
  template?: string;
  /** The GitHub organisation (a folder of the local remote); by default the template's own default. */
  org?: string;
}

/** The backend's answer. */
export interface NameCheck {
  name: string;
  /** The name satisfies the golden path's rule for its name field. */
  valid: boolean;
  /** Valid, and neither a catalog component nor a repository uses it. */
  available: boolean;
  /** Why not, in words a person can act on; empty when available. */
  problems: string[];
}
