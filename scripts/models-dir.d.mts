export declare const repoRoot: string;
export declare function sharedModelsDir(): string;
export declare const REQUIRED_FILES: string[];
export declare function missingModelFiles(dir: string): string[];
