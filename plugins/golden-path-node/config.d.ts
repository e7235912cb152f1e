export interface Config {
  /** The golden-path backend plugin, its scaffolder and catalog modules (docs/backend.md). */
  goldenPath?: {
    /**
     * The folder holding the golden paths (`<id>/template.yaml`, `parts/`), relative to the backend's
     * working directory. Defaults to `templates`.
     */
    templatesRoot?: string;
    publish?: {
      /**
       * Where new repositories go: `local`, the embedded git remote (`golden-path:publish`), or `github`
       * (`publish:github`). Defaults to `local`. `scaffolder.defaultEnvironment.parameters.publishTarget`,
       * which the template's steps read, must name the same target (unset counts as `local`): the
       * backend refuses to start otherwise.
       */
      target?: 'local' | 'github';
      /**
       * The GitHub organisations (folders of the local remote) this portal publishes to; the name check
       * looks names up only in these. Unset: the golden path's own `githubOrg` default.
       */
      orgs?: string[];
    };
    /** The embedded git remote, used when `publish.target` is `local`. */
    localRemote?: {
      /**
       * The folder of bare repositories `<owner>/<name>.git`, relative to the backend's working
       * directory. Defaults to `.data/repos`.
       */
      root?: string;
    };
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
    /** The portal's permission policy (docs/backend.md, "Security model"). */
    permissions?: {
      /**
       * The group whose direct members administer the portal: they author golden paths (dry-run),
       * register and delete any location, and create services for any group. Defaults to
       * `group:default/platform`.
       */
      platformGroup?: string;
    };
    /**
     * The reconciler (docs/backend.md): registers what a task published but never registered (its
     * backend died, or it failed after publishing), sets aside what must not be registered. On the
     * embedded remote it also removes dead pushes and reports locations whose repository is gone; on
     * GitHub (`publish.target: github`) it sets a repository aside by renaming and archiving it.
     */
    reconciler?: {
      /** Seconds between passes. Defaults to 300. */
      frequencySeconds?: number;
      /** Seconds after start-up before the first pass (the scaffolder resumes its own tasks first). Defaults to 30. */
      initialDelaySeconds?: number;
      /** The pass for `publish.target: github`. */
      github?: {
        /** Failed or cancelled tasks that ended longer ago than this many days are not looked at. Defaults to 7. */
        lookBackDays?: number;
        /**
         * Minutes after a task ended during which its repository is left as it is, so that a retry from
         * the portal resumes it. Defaults to 60.
         */
        graceMinutes?: number;
      };
    };
    /**
     * When the backend takes no more tasks: creating one (POST /api/scaffolder/v2/tasks) answers 503 with
     * Retry-After and a message saying why, instead of queueing without bound (docs/backend.md).
     */
    taskQueue?: {
      /**
       * Tasks that may wait to start: created, not yet taken up by a worker of any replica (each runs
       * `scaffolder.concurrentTasksLimit`, 10 by default, at once). One more is refused. Defaults to 20.
       */
      maxWaiting?: number;
      /**
       * Memory (MiB) the backend must have free to accept a task: the container's limit where there is
       * one, else the host's. Defaults to 256.
       */
      minFreeMemoryMiB?: number;
      /** The Retry-After of a refusal, in seconds. Defaults to 30. */
      retryAfterSeconds?: number;
    };
    /** The portal form's preview, POST /api/scaffolder/golden-path/v1/preview (docs/backend.md). */
    preview?: {
      /**
       * Previews one signed-in user may have queued or running at once, one per golden path's form (a
       * newer preview of the same form replaces the older one). One more is answered 429 with
       * Retry-After. Defaults to 2.
       */
      maxPerUser?: number;
      /** The Retry-After of that refusal, in seconds. Defaults to 10. */
      retryAfterSeconds?: number;
    };
    /** The policy gate, golden-path:check (docs/backend.md). */
    check?: {
      /** Validators run at a time. Defaults to the cores available to the backend (os.availableParallelism()). */
      concurrency?: number;
      /**
       * Gates (golden-path:check and the upgrade gate) this backend runs at once; the others wait in
       * order and their tasks log their place. Defaults to half the cores, at least one.
       */
      gates?: number;
      /**
       * Memory (MiB) one gate's validators running at once may need together, by each one's measured
       * need (@golden-path/validators' validatorMemoryMiB): the heavy ones (terraform validate with the
       * AWS provider, trivy, actionlint, the service's tests) take turns. Defaults to 640.
       */
      memoryMiB?: number;
      /**
       * Verdicts stored by render (files, modes, contents) and validators' versions, so that a task
       * reuses the verdict of an identical dry run; in memory, per replica.
       */
      verdicts?: {
        /** How long a verdict is reused, in seconds. Defaults to 900 (15 minutes). */
        ttlSeconds?: number;
        /** How many verdicts are kept (least recently used dropped first). Defaults to 500. */
        maxEntries?: number;
        /** Their total size in bytes (the reports' JSON). Defaults to 33554432 (32 MiB). */
        maxBytes?: number;
      };
    };
  };
}
