// Moved to the contract (the drop dialog guesses with the same rules); kept for core's imports.
export * from '../../contract/acts/roles';
