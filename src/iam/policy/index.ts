/** The IAM policy engine (pure): documents, evaluation, Cognito's guest scope-down. */
export { parsePolicy, malformedPolicy, type PolicyDocument, type PolicyKind, type Statement } from './document.ts';
export { evaluatePolicies, evaluateSession, globMatch, requestContext, type Decision, type PolicyRequest, type RequestContext } from './evaluate.ts';
export { GUEST_SCOPE_DOWN_POLICY, GUEST_SCOPE_DOWN_ACTIONS, guestScopeDown } from './scope-down.ts';
