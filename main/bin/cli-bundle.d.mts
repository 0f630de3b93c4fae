export declare const cliBundle: string;
export declare function bundleIsCurrent(): boolean;
