/** The app's root folder (the repository, or app.asar when packaged). */
export declare const repoRoot: string;
