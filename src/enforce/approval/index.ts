// The approval queue: the guard files requests and waits; `shellgate approvals` answers them.
export type { ApprovalDecision, ApprovalRequest, Answer, RequestState, RequestStatus } from "./types.js";
export { askHuman, noApproverMessage, type AskOptions, type AskResult } from "./ask.js";
export { decide, listRequests, loadForDecision, missingConfirmations, statusOf, type ListedRequest, type DecideOptions } from "./answer.js";
export { bindingOf, queuePaths, ID_PATTERN, type QueuePaths } from "./queue.js";
export { resolveQueue, resolveWaitSeconds, secondsArg, policyApprovals, DEFAULT_WAIT_SECONDS } from "./settings.js";
export { details, renderArgv, safeText, summaryLine } from "./render.js";
export { interactive } from "./interactive.js";
