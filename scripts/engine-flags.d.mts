/** Node flags for the engine's process (see engine-flags.mjs). */
export declare const ENGINE_NODE_FLAGS: string[];
