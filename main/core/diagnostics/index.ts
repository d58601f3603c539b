export { exportDiagnostics, collectVersions } from './report';
export type { DiagnosticsInput, VersionsInfo } from './report';
export { anonymise, reducePath } from './anonymise';
