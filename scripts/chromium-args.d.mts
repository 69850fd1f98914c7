export declare const chromiumPath: string;
export declare function chromiumArgs(options?: { realGpu?: boolean; fakeCamera?: boolean; cameraFile?: string }): string[];
