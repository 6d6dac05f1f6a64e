// Types of scripts/conformance.mjs for the TypeScript tests that import it.

export declare const CONFORMANCE_VERSION: string;
export declare const NODE22_VERSION: string;

export interface ConformanceCheck {
  id?: string;
  name?: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  errorMessage?: string;
  details?: unknown;
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  checks: ConformanceCheck[];
}

export interface ConformanceResult {
  scenarios: ScenarioResult[];
  passed: string[];
  failed: string[];
  /** The suite's stdout and stderr. */
  output: string;
}

export declare function nodePackageName(platform?: string, arch?: string): string;
export declare function defaultCacheDir(root: string): string;
export declare function ensureConformance(options: { cacheDir: string; log?: (message: string) => void }): Promise<{ node: string; cli: string }>;
export declare function scenarioPassed(checks: ConformanceCheck[]): boolean;
export declare function scenarioOfResultDir(name: string): string | undefined;
export declare function runConformance(options: {
  url: string;
  cacheDir: string;
  scenario?: string;
  suite?: 'active' | 'all' | 'pending';
  timeoutMs?: number;
  log?: (message: string) => void;
}): Promise<ConformanceResult>;
export declare function describeFailures(result: ConformanceResult): string[];
