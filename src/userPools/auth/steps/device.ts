/**
 * The device step, between MFA and the tokens: where a sign-in with a tracked device will be
 * challenged (DEVICE_SRP_AUTH) or its new device's metadata prepared. No device tracking is
 * served yet, so it passes.
 */
import type { Step } from '../next-step.ts';

export const deviceStep: Step = async () => undefined;
