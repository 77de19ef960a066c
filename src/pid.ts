// Whether a process id is alive: for stale lock files and for the wrap session's channel.

/** A pid that exists, even if owned by another user (EPERM), counts as alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
