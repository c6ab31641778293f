/**
 * MFA set-up and MFA, between the new password and the device step. MFA is not served yet, so
 * both pass.
 */
import type { Step } from '../next-step.ts';

export const mfaSetupStep: Step = async () => undefined;
export const mfaStep: Step = async () => undefined;
