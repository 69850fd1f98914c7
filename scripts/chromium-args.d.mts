export declare const chromiumPath: string;
export declare function chromiumArgs(options?: { realGpu?: boolean; fakeCamera?: boolean; cameraFile?: string }): string[];
export declare function retimedCamera(file: string, fps: number, folder: string): string;
export declare function stillCamera(file: string, fps: number, folder: string, options?: { frames?: number; noise?: number }): string;
export declare function writeAtomically(path: string, bytes: Uint8Array): void;
