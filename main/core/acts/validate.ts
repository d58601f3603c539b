// Moved to the contract (the renderer checks the same rules as the engine); kept for core's imports.
export * from '../../contract/acts/validate';
