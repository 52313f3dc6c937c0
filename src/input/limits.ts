/**
 * Every limit on what a user's input may make flopcast read, allocate or print, in one place.
 * Policy, chosen rather than sourced: each leaves a wide margin over the bundled files and real
 * plans (the largest bundled file is 34 kB; the largest bundled matrix has 9 runs; the longest
 * bundled name is under 60 characters), while keeping any input under 1 MB to well under 512 MB
 * of memory and a few seconds (measured by test/fuzz/hostile.test.ts). Each is refused up front,
 * with exit 2 and the limit named in the message.
 */
export const LIMITS = {
  /** Bytes of any one input file (scenario, model YAML, config.json, hardware profile) or of stdin. */
  inputBytes: 1_000_000,
  /** Runs (matrix combinations) across all scenario files of one invocation (2,000 take about 2 s). */
  runsPerInvocation: 2_000,
  /**
   * Of those, runs that search parallel layouts (`utilization: auto`, a stated `cluster.parallelism`):
   * one search takes 10-100 ms, so 64 searches stay within a few seconds. The same bounds the rows of a user's own
   * measured runs across the files of one `validate FILE...` (or one `validateRuns`): each row is such a search
   * (2,000 dense rows of 400 kB took 51 s; 1 MB of MoE rows on thousands of GPUs with nothing printed, hours).
   */
  plannedRunsPerInvocation: 64,
  /** `plan --top`: layouts shown. */
  top: 1_000,
  /** Characters of a name (a scenario's, a model's, a profile's, or a run name with its matrix label). */
  nameChars: 256,
  /**
   * Characters of a path echoed in a message: PATH_MAX of Linux (4,096 bytes with its NUL, <linux/limits.h>),
   * so a path a file system opens is never cut; a longer one is cut as a long name is.
   */
  pathChars: 4_096,
  /** Bytes of one output (stdout or --out). */
  outputBytes: 64_000_000,
  /**
   * Values (mappings, lists and scalars) in a scenario or model a library caller passes as an object;
   * an object may share a value between places, as YAML aliases do, so it is counted expanded.
   */
  objectValues: 100_000,
  /** Items a message lists one by one (dense layers an importer notes); the rest are counted. */
  listedItems: 64,
  /** Entries of a per-layer list an importer builds from a rule (Qwen's sliding layers from max_window_layers on). */
  perLayerEntries: 100_000,
  /** Profile files in one hardware folder. */
  profilesPerFolder: 1_000,
  /** Hardware folders one command reads (--hardware-dir, the library's hardwareDirs), each listed whole: 100,000 took minutes. */
  hardwareFolders: 64,
  /**
   * Any number in a hardware profile, in its own unit (TFLOPS, GB, TB/s, W, USD, ...): about a
   * hundred million times the largest bundled figure (a five-digit purchase price), so that figures
   * converted at load stay finite and far from overflowing (1e300 TFLOPS made an infinite peak,
   * blamed on the scenario's utilization, and a plan of "no layout fits" after 1,011 that fit).
   */
  profileFigure: 1e12,
  /**
   * The least rate a profile or scenario may give, in its own unit (TFLOPS, TB/s, GB/s, Gb/s), and the least
   * sustained fraction: 0.001 (1 GFLOP/s, 1 GB/s, 1 Mbit/s) is far below any accelerator's; a smaller figure
   * is a unit slip that would only surface as an overflowing run time blamed on the scenario's utilization.
   */
  minRate: 0.001,
  /**
   * The shortest commitment term, in hours (a scenario's `pricing.term`, a profile price's `term`): rates are per
   * GPU-hour, and the shortest commitments sold are a day (AWS EC2 Capacity Blocks); `term: 1e-320 days` renewed the
   * commitment an infinite number of times, printed as "n/a terms" with a null commitment_usd (hostile sweep 21).
   */
  minTermHours: 1,
  /**
   * A measured run's figures (a validation row's `reported` and `full_run.gpu_hours`, bundled or `validate FILE`'s),
   * from minRate (tokens/s per GPU, seconds, MFU, GPU-hours) to this: far outside any run (the bundled rows span 123 to
   * 301,689 tokens/s per GPU, 0.05 to 118 s a step, up to 30.8M GPU-hours), while predicted ÷ measured stays a finite,
   * nonzero number (1e-320 tokens/s made the error infinite, 1e300 made it −100% and the fitted scale infinite).
   */
  measuredFigure: 1e12,
} as const;
