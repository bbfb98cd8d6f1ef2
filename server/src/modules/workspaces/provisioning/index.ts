// Provisioning: running a template's steps on a workspace through the RuntimeDriver.
export { applyIdeSettings, platformIdeSettings } from './ide-settings.ts';
export { stepLabel } from './labels.ts';
export {
  type ProvisionOptions,
  type ProvisionResult,
  runProvisioning,
  STEP_OUTPUT_MAX_BYTES,
  type StepUpdate,
} from './run.ts';
