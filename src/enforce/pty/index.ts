// The PTY wrapper: a guarded pseudo-terminal session, its check channel and shell integration, and the client other front ends use to reach it.
export { runWrap, findBin, type WrapOptions } from "./wrap.js";
export { Gate, REFUSED_EXIT, findingSignature, type Approver, type ApprovalAsk, type ApprovalAnswer } from "./gate.js";
export { askWrapper, type WrapperAnswer } from "./client.js";
export { parseExportList } from "./export-list.js";
export { parseRequest, formatReply, type ClientRequest, type Reply } from "./request.js";
export { tamperReasons, withTamper, TAMPER_ID } from "./tamper.js";
