/** See command-heap.js. */
export declare const IMPORT_HEAP_MB: number;
export declare const IMPORT_SEMI_SPACE_MB: number;
export declare function heapFlagsFor(command: string | undefined, execArgv: readonly string[], nodeOptions: string | undefined): string[];
