export declare const externalPackages: string[];
export declare const bundles: {
  entry: string;
  out: string;
  format: 'cjs' | 'esm';
  platform: 'node' | 'browser';
  /** Split into chunks next to it (cli.js): what loads on first use stays out of its start. */
  split?: boolean;
}[];
export declare function buildMain(options?: {
  outdir?: string;
  quiet?: boolean;
}): Promise<string[]>;
