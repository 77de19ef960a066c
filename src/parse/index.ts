// The parse stage: shell text or argv → Invocation[].
export { invocationsFromArgv, invocationsFromText, parseCommand, parseFile, displayArg, MAX_COMMAND_CHARS, ParserNotLoaded } from "./parse.js";
export { parseSimple } from "./simple.js";
export { loadParser } from "./tree-sitter.js";
export { SHELLS } from "./nested.js";
export { basename, splitOptions } from "./wrappers.js";
