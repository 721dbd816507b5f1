/** See serve-memory.js. */
export declare const SERVE_SEMI_SPACE_GROWTH: number;
export declare const SERVE_HEAP_GROWING_PERCENT: number;
export declare function serveMemoryFlagsFor(command: string | undefined, execArgv: readonly string[], nodeOptions: string | undefined): string[];
