// The name the engine imports.
export { CaptureService } from './service';
export type { CaptureSettings, CaptureServiceOptions, CandidateResult, IntakeReport } from './service';
