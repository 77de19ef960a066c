// PATH shims: the installer, status, the PATH walk, and the decision a shim asks for.
export { decideArgv, SHIM_EXIT, type DecideArgvOptions, type DecideArgvResult } from "./decide.js";
export { installShims, uninstallShims, renderShim, readMarker, isShimFile, loadTemplate, packageRoot, defaultCli, SHIM_SIGNATURE, type ShimSettings, type Marker } from "./install.js";
export { commandV, findReal, isShimDir, pathDirs, SHIM_MARKER } from "./path.js";
export { dirStatus, shimDirs, type DirStatus, type ToolStatus } from "./status.js";
export { defaultTools, allTools, parseToolList, TOOL_NAME } from "./tools.js";
export { refusalMessage, warnLine } from "./messages.js";
