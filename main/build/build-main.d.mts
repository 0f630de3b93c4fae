export declare const repoRoot: string;
export declare const externalPackages: string[];
export declare const bundles: {
  entry: string;
  out: string;
  format: 'cjs' | 'esm';
  platform: 'node' | 'browser';
}[];
export declare function buildMain(options?: {
  outdir?: string;
  quiet?: boolean;
}): Promise<string[]>;
