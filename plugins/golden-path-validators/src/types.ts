export type Severity = 'error' | 'warning';

export interface Finding {
  validator: string;
  /** Relative to the repository folder, with forward slashes. */
  file: string;
  line?: number;
  severity: Severity;
  message: string;
}

export interface ValidatorResult {
  validator: string;
  files: number;
  findings: Finding[];
  /** Why the validator (or a required part of it) did not run, e.g. a missing tool. */
  skipped?: string;
  durationMs: number;
}

export interface ValidationReport {
  /** No error finding and no required validator skipped. */
  ok: boolean;
  results: ValidatorResult[];
}

export interface ServiceTestOptions {
  command: string[];
  /** Defaults to 10 minutes. */
  timeoutMs?: number;
  /** Variables the tests need (runtime.yaml's serviceTest.env), added to the sandbox's allow-listed environment. */
  env?: Record<string, string>;
  /** Address space per process in MiB instead of the sandbox's default (runtime.yaml's serviceTest.addressSpaceMiB). */
  addressSpaceMiB?: number;
  /** A build cache each run starts from a private copy of (runtime.yaml's serviceTest.buildCache; see goBuildCache.ts). */
  buildCache?: 'go';
}

/** The platform's approved base images and the day to judge their support end dates on. */
export interface BaseImagePolicy {
  /** platform.yaml's approvedImages: groups of { image, tag, digest, supportEnds }. */
  approved: unknown;
  /** YYYY-MM-DD (UTC); defaults to today. */
  today?: string;
}

export interface ValidateOptions {
  runtime?: { serviceTest?: ServiceTestOptions };
  /** Checks every Dockerfile's bases against these (validator base-images); without it that validator does not run. */
  baseImages?: BaseImagePolicy;
  /** Run only these validators. */
  only?: string[];
  /** Do not run these validators; they do not count against `ok`. */
  skip?: string[];
  /** Validators run at a time; defaults to the cores available (os.availableParallelism()). */
  concurrency?: number;
  /**
   * Memory (MiB) the validators running at once may need together, by each one's measured need
   * (validatorMemoryMiB): the heavy ones then take turns. One needing more runs alone. Defaults to
   * DEFAULT_GATE_MEMORY_MIB.
   */
  memoryMiB?: number;
  signal?: AbortSignal;
}

/** A file of the repository, as the validators choose what applies to them. */
export interface RepoFile {
  /** Relative path with forward slashes. */
  path: string;
  /** The first line when it is a `#!` line, else ''. */
  shebang: string;
}

/** What a validator returns; the runner adds the name, file count and duration. */
export interface ValidatorOutcome {
  findings: Omit<Finding, 'validator'>[];
  skipped?: string;
}

export interface Validator {
  name: string;
  /** The files this validator checks; none means it does not apply. */
  appliesTo(files: RepoFile[], options: ValidateOptions): string[];
  run(dir: string, files: string[], options: ValidateOptions): Promise<ValidatorOutcome>;
}
